PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_opinions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_item_id` integer NOT NULL,
	`department` text NOT NULL,
	`staff_id` integer NOT NULL,
	`opinion_enc` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_opinions`("id", "plan_item_id", "department", "staff_id", "opinion_enc", "at") SELECT "id", "plan_item_id", "department", "staff_id", "opinion_enc", "at" FROM `opinions`;--> statement-breakpoint
DROP TABLE `opinions`;--> statement-breakpoint
ALTER TABLE `__new_opinions` RENAME TO `opinions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `opinions_item` ON `opinions` (`plan_item_id`);--> statement-breakpoint
CREATE TABLE `__new_referrals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`plan_item_id` integer NOT NULL,
	`department` text NOT NULL,
	`township` text NOT NULL,
	`due_by` integer NOT NULL,
	`request_enc` text,
	`status` text NOT NULL,
	`response_enc` text,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`responded_by` integer,
	`responded_at` integer
);
--> statement-breakpoint
INSERT INTO `__new_referrals`("id", "case_id", "plan_item_id", "department", "township", "due_by", "request_enc", "status", "response_enc", "created_by", "created_at", "responded_by", "responded_at") SELECT "id", "case_id", "plan_item_id", "department", "township", "due_by", "request_enc", "status", "response_enc", "created_by", "created_at", "responded_by", "responded_at" FROM `referrals`;--> statement-breakpoint
DROP TABLE `referrals`;--> statement-breakpoint
ALTER TABLE `__new_referrals` RENAME TO `referrals`;--> statement-breakpoint
CREATE INDEX `referrals_department` ON `referrals` (`department`,`status`,`due_by`);--> statement-breakpoint
CREATE INDEX `referrals_case` ON `referrals` (`case_id`);