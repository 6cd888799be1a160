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
ALTER TABLE [mp_subscriptions] ADD [subscription_period] nvarchar(64);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [date_rule] nvarchar(16);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [hold_reason] nvarchar(64);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [held_until] nvarchar(64);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [reviewed_by] nvarchar(255);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [reviewed_at] nvarchar(64);--> statement-breakpoint
ALTER TABLE [adjustments] ADD [review_note] nvarchar(max);--> statement-breakpoint
CREATE INDEX [audit_tenant_at_ix] ON [audit_events] ([tenant_id],[at]);