CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject` text NOT NULL,
	`before_json` text,
	`after_json` text,
	`note` text
);
CREATE TABLE `trust_policies` (
	`tenant_id` text NOT NULL,
	`scope` text NOT NULL,
	`review_mode` text DEFAULT 'automatic' NOT NULL,
	`threshold_units` integer,
	`threshold_amount` real,
	`review_first_reconcile` integer DEFAULT 0 NOT NULL,
	`quantity_floor` integer,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	CONSTRAINT `trust_policies_pk` PRIMARY KEY(`tenant_id`, `scope`)
);
ALTER TABLE `tenants` ADD `currency` text DEFAULT 'USD' NOT NULL;ALTER TABLE `tenants` ADD `locale` text DEFAULT 'en-US' NOT NULL;ALTER TABLE `tenants` ADD `marketplace_account_id` text;ALTER TABLE `tenants` ADD `aps_resource_id` text;ALTER TABLE `tenants` ADD `frame_origins` text;ALTER TABLE `tenants` ADD `insight_secret_box` text;ALTER TABLE `users` ADD `must_change_password` integer DEFAULT 0 NOT NULL;ALTER TABLE `mp_subscriptions` ADD `subscription_period` text;ALTER TABLE `adjustments` ADD `date_rule` text;ALTER TABLE `adjustments` ADD `hold_reason` text;ALTER TABLE `adjustments` ADD `held_until` text;ALTER TABLE `adjustments` ADD `reviewed_by` text;ALTER TABLE `adjustments` ADD `reviewed_at` text;ALTER TABLE `adjustments` ADD `review_note` text;CREATE INDEX `audit_tenant_at_ix` ON `audit_events` (`tenant_id`,`at`);