ALTER TABLE `staff` ADD `villages` text;--> statement-breakpoint
ALTER TABLE `visits` ADD `companions_enc` text;