CREATE TABLE `applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`access_hash` text,
	`status` text NOT NULL,
	`township` text NOT NULL,
	`village` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`consent_version` text NOT NULL,
	`consent_at` integer NOT NULL,
	`personal_enc` text,
	`purged_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`entitlements` text NOT NULL,
	`screening_enc` text,
	`prescreen_matches` integer DEFAULT 0 NOT NULL,
	`resume_status` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_reference` ON `applications` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `applications_idempotency` ON `applications` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `applications_township_status` ON `applications` (`township`,`status`);--> statement-breakpoint
CREATE TABLE `status_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`record_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`public_note_enc` text,
	`internal_note_enc` text,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `status_events_record` ON `status_events` (`kind`,`record_id`,`id`);