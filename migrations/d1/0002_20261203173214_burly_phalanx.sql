CREATE TABLE `alert_deliveries` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`channel` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`next_attempt_at` text,
	`created_at` text NOT NULL,
	`sent_at` text
);
CREATE TABLE `alert_events` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`dedup_key` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	`delivered_at` text
);
CREATE TABLE `alert_settings` (
	`tenant_id` text PRIMARY KEY,
	`channels_json` text NOT NULL,
	`mode` text DEFAULT 'immediate' NOT NULL,
	`renewal_days` integer DEFAULT 30 NOT NULL,
	`last_digest_on` text,
	`updated_at` text NOT NULL
);
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
	`hold_annual_decreases` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	CONSTRAINT `trust_policies_pk` PRIMARY KEY(`tenant_id`, `scope`)
);
ALTER TABLE `tenants` ADD `currency` text DEFAULT 'USD' NOT NULL;ALTER TABLE `tenants` ADD `locale` text DEFAULT 'en-US' NOT NULL;ALTER TABLE `tenants` ADD `marketplace_account_id` text;ALTER TABLE `tenants` ADD `aps_resource_id` text;ALTER TABLE `tenants` ADD `frame_origins` text;ALTER TABLE `tenants` ADD `insight_secret_box` text;ALTER TABLE `users` ADD `must_change_password` integer DEFAULT 0 NOT NULL;ALTER TABLE `sessions` ADD `role` text;ALTER TABLE `sessions` ADD `scope` text;ALTER TABLE `mp_subscriptions` ADD `subscription_period` text;ALTER TABLE `adjustments` ADD `date_rule` text;ALTER TABLE `adjustments` ADD `hold_reason` text;ALTER TABLE `adjustments` ADD `held_until` text;ALTER TABLE `adjustments` ADD `reviewed_by` text;ALTER TABLE `adjustments` ADD `reviewed_at` text;ALTER TABLE `adjustments` ADD `review_note` text;CREATE INDEX `adjustments_log_ix` ON `adjustments` (`tenant_id`,`status`,coalesce("posted_at", "updated_at"));CREATE INDEX `adjustments_posted_ix` ON `adjustments` (`tenant_id`,`status`,`posted_at`);CREATE INDEX `adjustments_created_ix` ON `adjustments` (`tenant_id`,`status`,`created_at`);CREATE INDEX `alert_deliveries_status_ix` ON `alert_deliveries` (`tenant_id`,`status`);CREATE UNIQUE INDEX `alert_events_dedup_uq` ON `alert_events` (`tenant_id`,`dedup_key`);CREATE INDEX `audit_tenant_at_ix` ON `audit_events` (`tenant_id`,`at`);