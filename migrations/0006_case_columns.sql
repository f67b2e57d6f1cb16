DROP INDEX `applications_next_visit`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `risk_level`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `next_visit_due`;--> statement-breakpoint
ALTER TABLE `applications` DROP COLUMN `last_visit_at`;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_pairings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`volunteer_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason_enc` text,
	`override_reason_enc` text,
	`last_contact_at` integer,
	`staff_id` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_pairings`("id", "volunteer_id", "case_id", "started_at", "ended_at", "end_reason_enc", "override_reason_enc", "last_contact_at", "staff_id") SELECT "id", "volunteer_id", "case_id", "started_at", "ended_at", "end_reason_enc", "override_reason_enc", "last_contact_at", "staff_id" FROM `pairings`;--> statement-breakpoint
DROP TABLE `pairings`;--> statement-breakpoint
ALTER TABLE `__new_pairings` RENAME TO `pairings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `pairings_one_active_per_case` ON `pairings` (`case_id`) WHERE ended_at IS NULL;--> statement-breakpoint
CREATE INDEX `pairings_volunteer` ON `pairings` (`volunteer_id`);--> statement-breakpoint
CREATE TABLE `__new_visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`visited_at` integer NOT NULL,
	`findings_enc` text,
	`staff_id` integer NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_visits`("id", "case_id", "visited_at", "findings_enc", "staff_id", "created_at") SELECT "id", "case_id", "visited_at", "findings_enc", "staff_id", "created_at" FROM `visits`;--> statement-breakpoint
DROP TABLE `visits`;--> statement-breakpoint
ALTER TABLE `__new_visits` RENAME TO `visits`;--> statement-breakpoint
CREATE INDEX `visits_case` ON `visits` (`case_id`,`visited_at`);--> statement-breakpoint
CREATE TABLE `__new_risk_assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`level` text NOT NULL,
	`reason_enc` text,
	`staff_id` integer NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_risk_assessments`("id", "case_id", "level", "reason_enc", "staff_id", "at") SELECT "id", "case_id", "level", "reason_enc", "staff_id", "at" FROM `risk_assessments`;--> statement-breakpoint
DROP TABLE `risk_assessments`;--> statement-breakpoint
ALTER TABLE `__new_risk_assessments` RENAME TO `risk_assessments`;--> statement-breakpoint
ALTER TABLE `reports` DROP COLUMN `application_id`;