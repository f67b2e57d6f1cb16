CREATE TABLE `batch_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`decision` text,
	`reason_enc` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batch_items_child` ON `batch_items` (`batch_id`,`case_id`);--> statement-breakpoint
CREATE INDEX `batch_items_case` ON `batch_items` (`case_id`);--> statement-breakpoint
CREATE TABLE `batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`township` text NOT NULL,
	`submitted_by` integer NOT NULL,
	`submitted_at` integer NOT NULL,
	`screened_by` integer,
	`screened_at` integer
);
--> statement-breakpoint
CREATE TABLE `evaluations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`at` integer NOT NULL,
	`situation_enc` text,
	`means_enc` text,
	`guardianship_enc` text,
	`proposed_level` text
);
--> statement-breakpoint
CREATE INDEX `evaluations_case` ON `evaluations` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `opinions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_item_id` integer NOT NULL,
	`department` text NOT NULL,
	`staff_id` integer NOT NULL,
	`opinion_enc` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `opinions_item` ON `opinions` (`plan_item_id`);--> statement-breakpoint
CREATE TABLE `plan_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`evaluation_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`application_id` integer,
	`entitlement` text,
	`measure_enc` text,
	`department` text NOT NULL,
	`due_by` integer,
	`decision` text,
	`reason_enc` text,
	`public_note_enc` text,
	`decided_by` integer,
	`decided_at` integer
);
--> statement-breakpoint
CREATE INDEX `plan_items_case` ON `plan_items` (`case_id`);--> statement-breakpoint
CREATE INDEX `plan_items_application` ON `plan_items` (`application_id`);--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`plan_item_id` integer NOT NULL,
	`department` text NOT NULL,
	`township` text NOT NULL,
	`due_by` integer NOT NULL,
	`request_enc` text NOT NULL,
	`status` text NOT NULL,
	`response_enc` text,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`responded_by` integer,
	`responded_at` integer
);
--> statement-breakpoint
CREATE INDEX `referrals_department` ON `referrals` (`department`,`status`,`due_by`);--> statement-breakpoint
CREATE INDEX `referrals_case` ON `referrals` (`case_id`);--> statement-breakpoint
ALTER TABLE `cases` ADD `step` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `step_since` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `step_due` integer;--> statement-breakpoint
ALTER TABLE `staff` ADD `department` text;