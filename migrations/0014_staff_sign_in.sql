CREATE TABLE `staff_passkeys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`credential_id` text NOT NULL,
	`public_key` text NOT NULL,
	`counter` integer DEFAULT 0 NOT NULL,
	`transports` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_passkeys_credential` ON `staff_passkeys` (`credential_id`);--> statement-breakpoint
CREATE INDEX `staff_passkeys_staff` ON `staff_passkeys` (`staff_id`);--> statement-breakpoint
CREATE TABLE `staff_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`secret_hash` text NOT NULL,
	`factor` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`ended_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_sessions_secret` ON `staff_sessions` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `staff_sessions_staff` ON `staff_sessions` (`staff_id`);--> statement-breakpoint
CREATE TABLE `staff_sign_ins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`ticket_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`challenge` text NOT NULL,
	`code_hash` text,
	`codes_sent` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_sign_ins_ticket` ON `staff_sign_ins` (`ticket_hash`);--> statement-breakpoint
ALTER TABLE `staff` ADD `phone_enc` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `created_by` integer;--> statement-breakpoint
ALTER TABLE `staff` ADD `approved_at` integer;--> statement-breakpoint
ALTER TABLE `staff` ADD `approved_by` integer;--> statement-breakpoint
-- Accounts made before approval existed were all made by the command line: approved when made.
UPDATE `staff` SET `approved_at` = `created_at`;