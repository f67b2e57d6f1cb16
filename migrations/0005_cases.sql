CREATE TABLE `case_index` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`township` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_index_entry` ON `case_index` (`value`,`kind`,`case_id`);--> statement-breakpoint
CREATE INDEX `case_index_case` ON `case_index` (`case_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`status` text NOT NULL,
	`township` text NOT NULL,
	`village` text,
	`origin` text NOT NULL,
	`personal_enc` text,
	`target_groups` text DEFAULT '[]' NOT NULL,
	`risk_level` text,
	`next_visit_due` integer,
	`last_visit_at` integer,
	`merged_into` integer,
	`backfill_from` integer,
	`purged_at` integer,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL,
	`updated_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_reference` ON `cases` (`reference`);--> statement-breakpoint
CREATE INDEX `cases_township_village` ON `cases` (`township`,`village`,`status`);--> statement-breakpoint
CREATE INDEX `cases_next_visit` ON `cases` (`next_visit_due`);--> statement-breakpoint
CREATE TABLE `screening_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`township` text NOT NULL,
	`village` text NOT NULL,
	`result` text NOT NULL,
	`target_groups` text NOT NULL,
	`proposed_level` text,
	`reason_enc` text,
	`notes_enc` text,
	`staff_id` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `screening_records_child` ON `screening_records` (`round_id`,`case_id`);--> statement-breakpoint
CREATE INDEX `screening_records_village` ON `screening_records` (`round_id`,`township`,`village`);--> statement-breakpoint
CREATE TABLE `screening_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`opened_by` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_by` integer,
	`closed_at` integer
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_pairings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`volunteer_id` integer NOT NULL,
	`application_id` integer,
	`case_id` integer,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason_enc` text,
	`override_reason_enc` text,
	`last_contact_at` integer,
	`staff_id` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_pairings`("id", "volunteer_id", "application_id", "case_id", "started_at", "ended_at", "end_reason_enc", "override_reason_enc", "last_contact_at", "staff_id") SELECT "id", "volunteer_id", "application_id", NULL, "started_at", "ended_at", "end_reason_enc", "override_reason_enc", "last_contact_at", "staff_id" FROM `pairings`;--> statement-breakpoint
DROP TABLE `pairings`;--> statement-breakpoint
ALTER TABLE `__new_pairings` RENAME TO `pairings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `pairings_one_active_per_child` ON `pairings` (`application_id`) WHERE ended_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `pairings_one_active_per_case` ON `pairings` (`case_id`) WHERE ended_at IS NULL;--> statement-breakpoint
CREATE INDEX `pairings_volunteer` ON `pairings` (`volunteer_id`);--> statement-breakpoint
CREATE TABLE `__new_risk_assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer,
	`case_id` integer,
	`level` text NOT NULL,
	`reason_enc` text,
	`staff_id` integer NOT NULL,
	`at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_risk_assessments`("id", "application_id", "case_id", "level", "reason_enc", "staff_id", "at") SELECT "id", "application_id", NULL, "level", "reason_enc", "staff_id", "at" FROM `risk_assessments`;--> statement-breakpoint
DROP TABLE `risk_assessments`;--> statement-breakpoint
ALTER TABLE `__new_risk_assessments` RENAME TO `risk_assessments`;--> statement-breakpoint
CREATE TABLE `__new_visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer,
	`case_id` integer,
	`visited_at` integer NOT NULL,
	`findings_enc` text,
	`staff_id` integer NOT NULL,
	`created_at` integer DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER)) NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_visits`("id", "application_id", "case_id", "visited_at", "findings_enc", "staff_id", "created_at") SELECT "id", "application_id", NULL, "visited_at", "findings_enc", "staff_id", "created_at" FROM `visits`;--> statement-breakpoint
DROP TABLE `visits`;--> statement-breakpoint
ALTER TABLE `__new_visits` RENAME TO `visits`;--> statement-breakpoint
CREATE INDEX `visits_application` ON `visits` (`application_id`);--> statement-breakpoint
CREATE INDEX `visits_case` ON `visits` (`case_id`,`visited_at`);--> statement-breakpoint
ALTER TABLE `applications` ADD `case_id` integer;--> statement-breakpoint
CREATE INDEX `applications_case` ON `applications` (`case_id`);--> statement-breakpoint
ALTER TABLE `reports` ADD `case_id` integer;--> statement-breakpoint
-- Every application filed before cases existed becomes the file of its child (C- takes the
-- application's letters). The Worker then fills in the encrypted child data and the blind
-- indexes, which need its keys (worker/services/case-backfill.ts finds them by backfill_from).
INSERT INTO `cases` (`reference`, `status`, `township`, `village`, `origin`, `target_groups`, `risk_level`, `next_visit_due`, `last_visit_at`, `backfill_from`, `created_at`, `updated_at`)
  SELECT 'C-' || substr(`reference`, 3), CASE WHEN `status` IN ('rejected', 'withdrawn') THEN 'closed' ELSE 'open' END, `township`, `village`, 'application', '[]', `risk_level`, `next_visit_due`, `last_visit_at`, `id`, `created_at`, `updated_at` FROM `applications`;--> statement-breakpoint
UPDATE `applications` SET `case_id` = (SELECT `id` FROM `cases` WHERE `cases`.`backfill_from` = `applications`.`id`);--> statement-breakpoint
UPDATE `visits` SET `case_id` = (SELECT `case_id` FROM `applications` WHERE `applications`.`id` = `visits`.`application_id`);--> statement-breakpoint
UPDATE `risk_assessments` SET `case_id` = (SELECT `case_id` FROM `applications` WHERE `applications`.`id` = `risk_assessments`.`application_id`);--> statement-breakpoint
UPDATE `pairings` SET `case_id` = (SELECT `case_id` FROM `applications` WHERE `applications`.`id` = `pairings`.`application_id`);--> statement-breakpoint
UPDATE `reports` SET `case_id` = (SELECT `case_id` FROM `applications` WHERE `applications`.`id` = `reports`.`application_id`) WHERE `application_id` IS NOT NULL;
