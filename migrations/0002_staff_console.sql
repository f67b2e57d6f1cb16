CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`staff_id` integer NOT NULL,
	`action` text NOT NULL,
	`record_kind` text,
	`record_ref` text,
	`outcome` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_staff` ON `audit_log` (`staff_id`,`id`);--> statement-breakpoint
CREATE TABLE `pairing_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pairing_id` integer NOT NULL,
	`at` integer NOT NULL,
	`note_enc` text,
	`staff_id` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pairing_contacts_pairing` ON `pairing_contacts` (`pairing_id`);--> statement-breakpoint
CREATE TABLE `pairings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`volunteer_id` integer NOT NULL,
	`application_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason_enc` text,
	`override_reason_enc` text,
	`last_contact_at` integer,
	`staff_id` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pairings_one_active_per_child` ON `pairings` (`application_id`) WHERE ended_at IS NULL;--> statement-breakpoint
CREATE INDEX `pairings_volunteer` ON `pairings` (`volunteer_id`);--> statement-breakpoint
CREATE TABLE `risk_assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`level` text NOT NULL,
	`reason_enc` text,
	`staff_id` integer NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`townships` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_token` ON `staff` (`token_hash`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`visited_at` integer NOT NULL,
	`findings_enc` text,
	`staff_id` integer NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visits_application` ON `visits` (`application_id`);--> statement-breakpoint
ALTER TABLE `applications` ADD `risk_level` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `next_visit_due` integer;--> statement-breakpoint
ALTER TABLE `applications` ADD `last_visit_at` integer;--> statement-breakpoint
CREATE INDEX `applications_next_visit` ON `applications` (`next_visit_due`);