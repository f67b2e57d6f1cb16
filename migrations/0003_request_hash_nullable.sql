PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`access_hash` text,
	`status` text NOT NULL,
	`township` text NOT NULL,
	`village` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text,
	`consent_version` text NOT NULL,
	`consent_at` integer NOT NULL,
	`personal_enc` text,
	`purged_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`entitlements` text NOT NULL,
	`screening_enc` text,
	`prescreen_matches` integer DEFAULT 0 NOT NULL,
	`resume_status` text,
	`risk_level` text,
	`next_visit_due` integer,
	`last_visit_at` integer
);
--> statement-breakpoint
INSERT INTO `__new_applications`("id", "reference", "access_hash", "status", "township", "village", "idempotency_key", "request_hash", "consent_version", "consent_at", "personal_enc", "purged_at", "created_at", "updated_at", "entitlements", "screening_enc", "prescreen_matches", "resume_status", "risk_level", "next_visit_due", "last_visit_at") SELECT "id", "reference", "access_hash", "status", "township", "village", "idempotency_key", "request_hash", "consent_version", "consent_at", "personal_enc", "purged_at", "created_at", "updated_at", "entitlements", "screening_enc", "prescreen_matches", "resume_status", "risk_level", "next_visit_due", "last_visit_at" FROM `applications`;--> statement-breakpoint
DROP TABLE `applications`;--> statement-breakpoint
ALTER TABLE `__new_applications` RENAME TO `applications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `applications_reference` ON `applications` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `applications_idempotency` ON `applications` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `applications_township_status` ON `applications` (`township`,`status`);--> statement-breakpoint
CREATE INDEX `applications_next_visit` ON `applications` (`next_visit_due`);--> statement-breakpoint
CREATE TABLE `__new_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`access_hash` text,
	`status` text NOT NULL,
	`township` text NOT NULL,
	`village` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text,
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
INSERT INTO `__new_reports`("id", "reference", "access_hash", "status", "township", "village", "idempotency_key", "request_hash", "consent_version", "consent_at", "personal_enc", "purged_at", "created_at", "updated_at", "categories", "age_band", "in_danger", "reporter_role", "application_id") SELECT "id", "reference", "access_hash", "status", "township", "village", "idempotency_key", "request_hash", "consent_version", "consent_at", "personal_enc", "purged_at", "created_at", "updated_at", "categories", "age_band", "in_danger", "reporter_role", "application_id" FROM `reports`;--> statement-breakpoint
DROP TABLE `reports`;--> statement-breakpoint
ALTER TABLE `__new_reports` RENAME TO `reports`;--> statement-breakpoint
CREATE UNIQUE INDEX `reports_reference` ON `reports` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `reports_idempotency` ON `reports` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `reports_township_status` ON `reports` (`township`,`status`);--> statement-breakpoint
CREATE TABLE `__new_volunteers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`access_hash` text,
	`status` text NOT NULL,
	`township` text NOT NULL,
	`village` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text,
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
INSERT INTO `__new_volunteers`("id", "reference", "access_hash", "status", "township", "village", "idempotency_key", "request_hash", "consent_version", "consent_at", "personal_enc", "purged_at", "created_at", "updated_at", "role", "skills", "availability", "capacity", "background_consent_at", "background_check_result", "background_checked_at", "background_check_expires") SELECT "id", "reference", "access_hash", "status", "township", "village", "idempotency_key", "request_hash", "consent_version", "consent_at", "personal_enc", "purged_at", "created_at", "updated_at", "role", "skills", "availability", "capacity", "background_consent_at", "background_check_result", "background_checked_at", "background_check_expires" FROM `volunteers`;--> statement-breakpoint
DROP TABLE `volunteers`;--> statement-breakpoint
ALTER TABLE `__new_volunteers` RENAME TO `volunteers`;--> statement-breakpoint
CREATE UNIQUE INDEX `volunteers_reference` ON `volunteers` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `volunteers_idempotency` ON `volunteers` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `volunteers_township_status` ON `volunteers` (`township`,`status`);