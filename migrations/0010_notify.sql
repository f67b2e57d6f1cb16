ALTER TABLE `applications` ADD `notify_sms` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `applications` ADD `phone_hash` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `notify_sms` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `phone_hash` text;--> statement-breakpoint
ALTER TABLE `volunteers` ADD `notify_sms` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `volunteers` ADD `phone_hash` text;