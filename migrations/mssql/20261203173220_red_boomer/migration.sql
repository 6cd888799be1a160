CREATE TABLE [alert_deliveries] (
	[id] nvarchar(64),
	[tenant_id] nvarchar(64) NOT NULL,
	[channel] nvarchar(max) NOT NULL,
	[subject] nvarchar(max) NOT NULL,
	[body] nvarchar(max) NOT NULL,
	[status] nvarchar(64) NOT NULL,
	[attempts] int NOT NULL CONSTRAINT [alert_deliveries_attempts_default] DEFAULT ((0)),
	[last_error] nvarchar(max),
	[next_attempt_at] nvarchar(64),
	[created_at] nvarchar(64) NOT NULL,
	[sent_at] nvarchar(64),
	CONSTRAINT [alert_deliveries_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [alert_events] (
	[id] nvarchar(64),
	[tenant_id] nvarchar(64) NOT NULL,
	[dedup_key] nvarchar(255) NOT NULL,
	[kind] nvarchar(64) NOT NULL,
	[text] nvarchar(max) NOT NULL,
	[created_at] nvarchar(64) NOT NULL,
	[delivered_at] nvarchar(64),
	CONSTRAINT [alert_events_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [alert_settings] (
	[tenant_id] nvarchar(64),
	[channels_json] nvarchar(max) NOT NULL,
	[mode] nvarchar(64) NOT NULL CONSTRAINT [alert_settings_mode_default] DEFAULT ('immediate'),
	[renewal_days] int NOT NULL CONSTRAINT [alert_settings_renewal_days_default] DEFAULT ((30)),
	[last_digest_on] nvarchar(64),
	[updated_at] nvarchar(64) NOT NULL,
	CONSTRAINT [alert_settings_pkey] PRIMARY KEY([tenant_id])
);
--> statement-breakpoint
CREATE TABLE [audit_events] (
	[id] nvarchar(64),
	[tenant_id] nvarchar(64) NOT NULL,
	[at] nvarchar(64) NOT NULL,
	[actor] nvarchar(255) NOT NULL,
	[action] nvarchar(64) NOT NULL,
	[subject_type] nvarchar(64) NOT NULL,
	[subject] nvarchar(255) NOT NULL,
	[before_json] nvarchar(max),
	[after_json] nvarchar(max),
	[note] nvarchar(max),
	CONSTRAINT [audit_events_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [trust_policies] (
	[tenant_id] nvarchar(64),
	[scope] nvarchar(255),
	[review_mode] nvarchar(64) NOT NULL CONSTRAINT [trust_policies_review_mode_default] DEFAULT ('automatic'),
	[threshold_units] int,
	[threshold_amount] float,
	[review_first_reconcile] int NOT NULL CONSTRAINT [trust_policies_review_first_reconcile_default] DEFAULT ((0)),
	[quantity_floor] int,
	[hold_annual_decreases] int NOT NULL CONSTRAINT [trust_policies_hold_annual_decreases_default] DEFAULT ((0)),
	[updated_at] nvarchar(64) NOT NULL,
	[updated_by] nvarchar(255) NOT NULL,
	CONSTRAINT [trust_policies_pkey] PRIMARY KEY([tenant_id],[scope])
);
--> statement-breakpoint
ALTER TABLE [tenants] ADD [currency] nvarchar(8) NOT NULL CONSTRAINT [tenants_currency_default] DEFAULT ('USD');--> statement-breakpoint
ALTER TABLE [tenants] ADD [locale] nvarchar(35) NOT NULL CONSTRAINT [tenants_locale_default] DEFAULT ('en-US');--> statement-breakpoint
ALTER TABLE [tenants] ADD [marketplace_account_id] nvarchar(64);--> statement-breakpoint
ALTER TABLE [tenants] ADD [aps_resource_id] nvarchar(64);--> statement-breakpoint
ALTER TABLE [tenants] ADD [frame_origins] nvarchar(max);--> statement-breakpoint
ALTER TABLE [tenants] ADD [insight_secret_box] nvarchar(max);--> statement-breakpoint
ALTER TABLE [users] ADD [must_change_password] int NOT NULL CONSTRAINT [users_must_change_password_default] DEFAULT ((0));--> statement-breakpoint
ALTER TABLE [sessions] ADD [role] nvarchar(16);--> statement-breakpoint
ALTER TABLE [sessions] ADD [scope] nvarchar(16);--> statement-breakpoint
ALTER TABLE [mp_subscriptions] ADD [subscription_period] nvarchar(64);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [date_rule] nvarchar(16);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [hold_reason] nvarchar(64);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [held_until] nvarchar(64);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [reviewed_by] nvarchar(255);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [reviewed_at] nvarchar(64);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [review_note] nvarchar(max);--> statement-breakpoint
CREATE INDEX [adjustments_posted_ix] ON [adjustments] ([tenant_id],[status],[posted_at]);--> statement-breakpoint
CREATE INDEX [adjustments_created_ix] ON [adjustments] ([tenant_id],[status],[created_at]);--> statement-breakpoint
CREATE INDEX [alert_deliveries_status_ix] ON [alert_deliveries] ([tenant_id],[status]);--> statement-breakpoint
CREATE UNIQUE INDEX [alert_events_dedup_uq] ON [alert_events] ([tenant_id],[dedup_key]);--> statement-breakpoint
CREATE INDEX [audit_tenant_at_ix] ON [audit_events] ([tenant_id],[at]);