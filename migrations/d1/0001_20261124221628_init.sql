CREATE TABLE `tenants` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`licence_customer` text NOT NULL,
	`licence_key` text NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`psa_kind` text DEFAULT 'autotask' NOT NULL,
	`proration_convention` text DEFAULT 'inclusive' NOT NULL,
	`sync_interval_seconds` integer DEFAULT 300 NOT NULL,
	`created_at` text NOT NULL
);
CREATE TABLE `users` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'viewer' NOT NULL,
	`disabled` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL
);
CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY,
	`failures` integer DEFAULT 0 NOT NULL,
	`window_start` text NOT NULL,
	`locked_until` text
);
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL
);
CREATE TABLE `password_resets` (
	`token_hash` text PRIMARY KEY,
	`user_id` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`created_at` text NOT NULL
);
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY,
	`user_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
CREATE TABLE `used_launch_tokens` (
	`jti` text PRIMARY KEY,
	`expires_at` text NOT NULL
);
CREATE TABLE `connections` (
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`settings_json` text NOT NULL,
	`secrets_box` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT `connections_pk` PRIMARY KEY(`tenant_id`, `kind`)
);
CREATE TABLE `mp_companies` (
	`tenant_id` text NOT NULL,
	`odin_account_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT `mp_companies_pk` PRIMARY KEY(`tenant_id`, `odin_account_id`)
);
CREATE TABLE `mp_resources` (
	`tenant_id` text NOT NULL,
	`odin_subscription_id` text NOT NULL,
	`odin_resource_id` text NOT NULL,
	`mpn` text,
	`name` text NOT NULL,
	`unit` text,
	`count` integer NOT NULL,
	`unit_price` real,
	`unit_cost` real,
	`count_changed_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT `mp_resources_pk` PRIMARY KEY(`tenant_id`, `odin_subscription_id`, `odin_resource_id`)
);
CREATE TABLE `mp_scan_issues` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`seen_at` text NOT NULL,
	`object_kind` text NOT NULL,
	`object_id` text,
	`message` text NOT NULL
);
CREATE TABLE `mp_subscriptions` (
	`tenant_id` text NOT NULL,
	`odin_subscription_id` text NOT NULL,
	`odin_account_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`billing_period` text,
	`renewal_date` text,
	`last_modified` text,
	`detail_read_at` text,
	`updated_at` text NOT NULL,
	CONSTRAINT `mp_subscriptions_pk` PRIMARY KEY(`tenant_id`, `odin_subscription_id`)
);
CREATE TABLE `mp_sync_state` (
	`tenant_id` text PRIMARY KEY,
	`checkpoint` text,
	`last_full_scan_at` text,
	`last_scan_status` text,
	`last_scan_json` text,
	`updated_at` text NOT NULL
);
CREATE TABLE `company_links` (
	`tenant_id` text NOT NULL,
	`odin_account_id` text NOT NULL,
	`psa_kind` text NOT NULL,
	`psa_account_id` text NOT NULL,
	`psa_account_name` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	CONSTRAINT `company_links_pk` PRIMARY KEY(`tenant_id`, `odin_account_id`)
);
CREATE TABLE `resource_links` (
	`tenant_id` text NOT NULL,
	`odin_subscription_id` text NOT NULL,
	`odin_resource_id` text NOT NULL,
	`psa_service_id` text NOT NULL,
	`psa_contract_service_id` text,
	`psa_service_name` text NOT NULL,
	`decrease_policy` text DEFAULT 'next_period' NOT NULL,
	`status_policy_json` text,
	`price_source` text DEFAULT 'catalog' NOT NULL,
	`custom_price` real,
	`ledger_units` integer,
	`planned_count` integer,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	CONSTRAINT `resource_links_pk` PRIMARY KEY(`tenant_id`, `odin_subscription_id`, `odin_resource_id`)
);
CREATE TABLE `subscription_links` (
	`tenant_id` text NOT NULL,
	`odin_subscription_id` text NOT NULL,
	`odin_account_id` text NOT NULL,
	`psa_contract_id` text NOT NULL,
	`psa_contract_name` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	CONSTRAINT `subscription_links_pk` PRIMARY KEY(`tenant_id`, `odin_subscription_id`)
);
CREATE TABLE `adjustments` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`dedup_key` text NOT NULL,
	`reason` text NOT NULL,
	`odin_account_id` text NOT NULL,
	`odin_subscription_id` text NOT NULL,
	`odin_resource_id` text NOT NULL,
	`psa_kind` text NOT NULL,
	`psa_account_id` text NOT NULL,
	`psa_contract_id` text NOT NULL,
	`psa_service_id` text NOT NULL,
	`psa_contract_service_id` text,
	`from_count` integer NOT NULL,
	`to_count` integer NOT NULL,
	`unit_change` integer NOT NULL,
	`effective_date` text NOT NULL,
	`unit_price` real,
	`estimated_amount` real,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`last_error_kind` text,
	`next_attempt_at` text,
	`psa_reference` text,
	`units_before` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`posted_at` text
);
CREATE TABLE `drift_findings` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`odin_subscription_id` text NOT NULL,
	`odin_resource_id` text NOT NULL,
	`ledger_units` integer NOT NULL,
	`psa_units` integer NOT NULL,
	`marketplace_count` integer NOT NULL,
	`found_at` text NOT NULL,
	`resolved_at` text,
	`resolution` text
);
CREATE TABLE `leases` (
	`name` text PRIMARY KEY,
	`holder` text NOT NULL,
	`expires_at` text NOT NULL
);
CREATE TABLE `psa_cache` (
	`tenant_id` text NOT NULL,
	`psa_kind` text NOT NULL,
	`cache_key` text NOT NULL,
	`payload_json` text NOT NULL,
	`fetched_at` text NOT NULL,
	CONSTRAINT `psa_cache_pk` PRIMARY KEY(`tenant_id`, `psa_kind`, `cache_key`)
);
CREATE TABLE `sync_runs` (
	`id` text PRIMARY KEY,
	`tenant_id` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`phase` text,
	`done` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`summary_json` text,
	`error` text,
	`started_at` text NOT NULL,
	`finished_at` text
);
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);CREATE INDEX `users_tenant_ix` ON `users` (`tenant_id`);CREATE INDEX `outbox_tenant_ix` ON `outbox` (`tenant_id`);CREATE INDEX `sessions_user_ix` ON `sessions` (`user_id`);CREATE INDEX `mp_scan_issues_tenant_ix` ON `mp_scan_issues` (`tenant_id`,`seen_at`);CREATE INDEX `mp_subscriptions_account_ix` ON `mp_subscriptions` (`tenant_id`,`odin_account_id`);CREATE INDEX `resource_links_service_ix` ON `resource_links` (`tenant_id`,`psa_service_id`);CREATE UNIQUE INDEX `adjustments_dedup_uq` ON `adjustments` (`tenant_id`,`dedup_key`);CREATE INDEX `adjustments_status_ix` ON `adjustments` (`tenant_id`,`status`,`next_attempt_at`);CREATE INDEX `adjustments_resource_ix` ON `adjustments` (`tenant_id`,`odin_subscription_id`,`odin_resource_id`,`created_at`);CREATE INDEX `drift_tenant_ix` ON `drift_findings` (`tenant_id`,`resolved_at`);CREATE INDEX `sync_runs_tenant_ix` ON `sync_runs` (`tenant_id`,`started_at`);