CREATE TABLE [tenants] (
	[id] nvarchar(64),
	[name] nvarchar(255) NOT NULL,
	[licence_customer] nvarchar(255) NOT NULL,
	[licence_key] nvarchar(64) NOT NULL,
	[time_zone] nvarchar(64) NOT NULL CONSTRAINT [tenants_time_zone_default] DEFAULT ('UTC'),
	[status] nvarchar(64) NOT NULL CONSTRAINT [tenants_status_default] DEFAULT ('active'),
	[psa_kind] nvarchar(64) NOT NULL CONSTRAINT [tenants_psa_kind_default] DEFAULT ('autotask'),
	[proration_convention] nvarchar(64) NOT NULL CONSTRAINT [tenants_proration_convention_default] DEFAULT ('inclusive'),
	[sync_interval_seconds] int NOT NULL CONSTRAINT [tenants_sync_interval_seconds_default] DEFAULT ((300)),
	[created_at] nvarchar(64) NOT NULL,
	CONSTRAINT [tenants_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [users] (
	[id] nvarchar(64),
	[tenant_id] nvarchar(64) NOT NULL,
	[email] nvarchar(255) NOT NULL,
	[password_hash] nvarchar(255) NOT NULL,
	[role] nvarchar(64) NOT NULL CONSTRAINT [users_role_default] DEFAULT ('viewer'),
	[disabled] int NOT NULL CONSTRAINT [users_disabled_default] DEFAULT ((0)),
	[created_at] nvarchar(64) NOT NULL,
	CONSTRAINT [users_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [login_throttle] (
	[key] nvarchar(255),
	[failures] int NOT NULL CONSTRAINT [login_throttle_failures_default] DEFAULT ((0)),
	[window_start] nvarchar(255) NOT NULL,
	[locked_until] nvarchar(255),
	CONSTRAINT [login_throttle_pkey] PRIMARY KEY([key])
);
--> statement-breakpoint
CREATE TABLE [outbox] (
	[id] nvarchar(64),
	[tenant_id] nvarchar(64) NOT NULL,
	[to_address] nvarchar(255) NOT NULL,
	[subject] nvarchar(255) NOT NULL,
	[body] nvarchar(max) NOT NULL,
	[created_at] nvarchar(64) NOT NULL,
	CONSTRAINT [outbox_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [password_resets] (
	[token_hash] nvarchar(64),
	[user_id] nvarchar(64) NOT NULL,
	[expires_at] nvarchar(64) NOT NULL,
	[used_at] nvarchar(64),
	[created_at] nvarchar(64) NOT NULL,
	CONSTRAINT [password_resets_pkey] PRIMARY KEY([token_hash])
);
--> statement-breakpoint
CREATE TABLE [sessions] (
	[id_hash] nvarchar(64),
	[user_id] nvarchar(64) NOT NULL,
	[tenant_id] nvarchar(64) NOT NULL,
	[csrf_token] nvarchar(255) NOT NULL,
	[created_at] nvarchar(64) NOT NULL,
	[expires_at] nvarchar(64) NOT NULL,
	CONSTRAINT [sessions_pkey] PRIMARY KEY([id_hash])
);
--> statement-breakpoint
CREATE TABLE [used_launch_tokens] (
	[jti] nvarchar(64),
	[expires_at] nvarchar(64) NOT NULL,
	CONSTRAINT [used_launch_tokens_pkey] PRIMARY KEY([jti])
);
--> statement-breakpoint
CREATE TABLE [connections] (
	[tenant_id] nvarchar(64),
	[kind] nvarchar(64),
	[settings_json] nvarchar(max) NOT NULL,
	[secrets_box] nvarchar(max) NOT NULL,
	[updated_at] nvarchar(64) NOT NULL,
	CONSTRAINT [connections_pkey] PRIMARY KEY([tenant_id],[kind])
);
--> statement-breakpoint
CREATE TABLE [mp_companies] (
	[tenant_id] nvarchar(64),
	[odin_account_id] nvarchar(64),
	[name] nvarchar(255) NOT NULL,
	[status] nvarchar(64) NOT NULL,
	[updated_at] nvarchar(64) NOT NULL,
	CONSTRAINT [mp_companies_pkey] PRIMARY KEY([tenant_id],[odin_account_id])
);
--> statement-breakpoint
CREATE TABLE [mp_resources] (
	[tenant_id] nvarchar(64),
	[odin_subscription_id] nvarchar(64),
	[odin_resource_id] nvarchar(64),
	[mpn] nvarchar(64),
	[name] nvarchar(255) NOT NULL,
	[unit] nvarchar(64),
	[count] int NOT NULL,
	[unit_price] float,
	[unit_cost] float,
	[count_changed_at] nvarchar(64) NOT NULL,
	[updated_at] nvarchar(64) NOT NULL,
	CONSTRAINT [mp_resources_pkey] PRIMARY KEY([tenant_id],[odin_subscription_id],[odin_resource_id])
);
--> statement-breakpoint
CREATE TABLE [mp_scan_issues] (
	[id] nvarchar(64),
	[tenant_id] nvarchar(64) NOT NULL,
	[seen_at] nvarchar(64) NOT NULL,
	[object_kind] nvarchar(64) NOT NULL,
	[object_id] nvarchar(64),
	[message] nvarchar(max) NOT NULL,
	CONSTRAINT [mp_scan_issues_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [mp_subscriptions] (
	[tenant_id] nvarchar(64),
	[odin_subscription_id] nvarchar(64),
	[odin_account_id] nvarchar(64) NOT NULL,
	[name] nvarchar(255) NOT NULL,
	[status] nvarchar(64) NOT NULL,
	[billing_period] nvarchar(64),
	[renewal_date] nvarchar(64),
	[last_modified] nvarchar(64),
	[detail_read_at] nvarchar(64),
	[updated_at] nvarchar(64) NOT NULL,
	CONSTRAINT [mp_subscriptions_pkey] PRIMARY KEY([tenant_id],[odin_subscription_id])
);
--> statement-breakpoint
CREATE TABLE [mp_sync_state] (
	[tenant_id] nvarchar(64),
	[checkpoint] nvarchar(64),
	[last_full_scan_at] nvarchar(64),
	[last_scan_status] nvarchar(64),
	[last_scan_json] nvarchar(max),
	[updated_at] nvarchar(64) NOT NULL,
	CONSTRAINT [mp_sync_state_pkey] PRIMARY KEY([tenant_id])
);
--> statement-breakpoint
CREATE TABLE [company_links] (
	[tenant_id] nvarchar(64),
	[odin_account_id] nvarchar(64),
	[psa_kind] nvarchar(64) NOT NULL,
	[psa_account_id] nvarchar(64) NOT NULL,
	[psa_account_name] nvarchar(255) NOT NULL,
	[created_at] nvarchar(64) NOT NULL,
	[created_by] nvarchar(255) NOT NULL,
	CONSTRAINT [company_links_pkey] PRIMARY KEY([tenant_id],[odin_account_id])
);
--> statement-breakpoint
CREATE TABLE [resource_links] (
	[tenant_id] nvarchar(64),
	[odin_subscription_id] nvarchar(64),
	[odin_resource_id] nvarchar(64),
	[psa_service_id] nvarchar(64) NOT NULL,
	[psa_contract_service_id] nvarchar(64),
	[psa_service_name] nvarchar(255) NOT NULL,
	[decrease_policy] nvarchar(64) NOT NULL CONSTRAINT [resource_links_decrease_policy_default] DEFAULT ('next_period'),
	[status_policy_json] nvarchar(max),
	[price_source] nvarchar(64) NOT NULL CONSTRAINT [resource_links_price_source_default] DEFAULT ('catalog'),
	[custom_price] float,
	[ledger_units] int,
	[planned_count] int,
	[created_at] nvarchar(64) NOT NULL,
	[created_by] nvarchar(255) NOT NULL,
	CONSTRAINT [resource_links_pkey] PRIMARY KEY([tenant_id],[odin_subscription_id],[odin_resource_id])
);
--> statement-breakpoint
CREATE TABLE [subscription_links] (
	[tenant_id] nvarchar(64),
	[odin_subscription_id] nvarchar(64),
	[odin_account_id] nvarchar(64) NOT NULL,
	[psa_contract_id] nvarchar(64) NOT NULL,
	[psa_contract_name] nvarchar(255) NOT NULL,
	[created_at] nvarchar(64) NOT NULL,
	[created_by] nvarchar(255) NOT NULL,
	CONSTRAINT [subscription_links_pkey] PRIMARY KEY([tenant_id],[odin_subscription_id])
);
--> statement-breakpoint
CREATE TABLE [adjustments] (
	[id] nvarchar(64),
	[tenant_id] nvarchar(64) NOT NULL,
	[dedup_key] nvarchar(255) NOT NULL,
	[reason] nvarchar(64) NOT NULL,
	[odin_account_id] nvarchar(64) NOT NULL,
	[odin_subscription_id] nvarchar(64) NOT NULL,
	[odin_resource_id] nvarchar(64) NOT NULL,
	[psa_kind] nvarchar(64) NOT NULL,
	[psa_account_id] nvarchar(64) NOT NULL,
	[psa_contract_id] nvarchar(64) NOT NULL,
	[psa_service_id] nvarchar(64) NOT NULL,
	[psa_contract_service_id] nvarchar(64),
	[from_count] int NOT NULL,
	[to_count] int NOT NULL,
	[unit_change] int NOT NULL,
	[effective_date] nvarchar(64) NOT NULL,
	[unit_price] float,
	[estimated_amount] float,
	[status] nvarchar(64) NOT NULL,
	[attempts] int NOT NULL CONSTRAINT [adjustments_attempts_default] DEFAULT ((0)),
	[last_error] nvarchar(max),
	[last_error_kind] nvarchar(64),
	[next_attempt_at] nvarchar(64),
	[psa_reference] nvarchar(255),
	[units_before] int,
	[created_at] nvarchar(64) NOT NULL,
	[updated_at] nvarchar(64) NOT NULL,
	[posted_at] nvarchar(64),
	CONSTRAINT [adjustments_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [drift_findings] (
	[id] nvarchar(64),
	[tenant_id] nvarchar(64) NOT NULL,
	[odin_subscription_id] nvarchar(64) NOT NULL,
	[odin_resource_id] nvarchar(64) NOT NULL,
	[ledger_units] int NOT NULL,
	[psa_units] int NOT NULL,
	[marketplace_count] int NOT NULL,
	[found_at] nvarchar(64) NOT NULL,
	[resolved_at] nvarchar(64),
	[resolution] nvarchar(64),
	CONSTRAINT [drift_findings_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [leases] (
	[name] nvarchar(255),
	[holder] nvarchar(64) NOT NULL,
	[expires_at] nvarchar(64) NOT NULL,
	CONSTRAINT [leases_pkey] PRIMARY KEY([name])
);
--> statement-breakpoint
CREATE TABLE [psa_cache] (
	[tenant_id] nvarchar(64),
	[psa_kind] nvarchar(64),
	[cache_key] nvarchar(255),
	[payload_json] nvarchar(max) NOT NULL,
	[fetched_at] nvarchar(64) NOT NULL,
	CONSTRAINT [psa_cache_pkey] PRIMARY KEY([tenant_id],[psa_kind],[cache_key])
);
--> statement-breakpoint
CREATE TABLE [sync_runs] (
	[id] nvarchar(64),
	[tenant_id] nvarchar(64) NOT NULL,
	[trigger] nvarchar(64) NOT NULL,
	[status] nvarchar(64) NOT NULL,
	[phase] nvarchar(64),
	[done] int NOT NULL CONSTRAINT [sync_runs_done_default] DEFAULT ((0)),
	[total] int NOT NULL CONSTRAINT [sync_runs_total_default] DEFAULT ((0)),
	[summary_json] nvarchar(max),
	[error] nvarchar(max),
	[started_at] nvarchar(64) NOT NULL,
	[finished_at] nvarchar(64),
	CONSTRAINT [sync_runs_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE UNIQUE INDEX [users_email_uq] ON [users] ([email]);--> statement-breakpoint
CREATE INDEX [users_tenant_ix] ON [users] ([tenant_id]);--> statement-breakpoint
CREATE INDEX [outbox_tenant_ix] ON [outbox] ([tenant_id]);--> statement-breakpoint
CREATE INDEX [sessions_user_ix] ON [sessions] ([user_id]);--> statement-breakpoint
CREATE INDEX [mp_scan_issues_tenant_ix] ON [mp_scan_issues] ([tenant_id],[seen_at]);--> statement-breakpoint
CREATE INDEX [mp_subscriptions_account_ix] ON [mp_subscriptions] ([tenant_id],[odin_account_id]);--> statement-breakpoint
CREATE INDEX [resource_links_service_ix] ON [resource_links] ([tenant_id],[psa_service_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [adjustments_dedup_uq] ON [adjustments] ([tenant_id],[dedup_key]);--> statement-breakpoint
CREATE INDEX [adjustments_status_ix] ON [adjustments] ([tenant_id],[status],[next_attempt_at]);--> statement-breakpoint
CREATE INDEX [adjustments_resource_ix] ON [adjustments] ([tenant_id],[odin_subscription_id],[odin_resource_id],[created_at]);--> statement-breakpoint
CREATE INDEX [drift_tenant_ix] ON [drift_findings] ([tenant_id],[resolved_at]);--> statement-breakpoint
CREATE INDEX [sync_runs_tenant_ix] ON [sync_runs] ([tenant_id],[started_at]);