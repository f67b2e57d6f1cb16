CREATE TABLE `reports` (
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
	`categories` text NOT NULL,
	`age_band` text NOT NULL,
	`in_danger` text NOT NULL,
	`reporter_role` text NOT NULL,
	`application_id` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_reference` ON `reports` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `reports_idempotency` ON `reports` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `reports_township_status` ON `reports` (`township`,`status`);--> statement-breakpoint
CREATE TABLE `volunteers` (
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
	`role` text NOT NULL,
	`skills` text NOT NULL,
	`availability` text NOT NULL,
	`capacity` integer NOT NULL,
	`background_consent_at` integer NOT NULL,
	`background_check_result` text,
	`background_checked_at` integer,
	`background_check_expires` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `volunteers_reference` ON `volunteers` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `volunteers_idempotency` ON `volunteers` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `volunteers_township_status` ON `volunteers` (`township`,`status`);