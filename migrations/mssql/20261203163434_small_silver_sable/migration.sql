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
CREATE INDEX [alert_deliveries_status_ix] ON [alert_deliveries] ([tenant_id],[status]);--> statement-breakpoint
CREATE UNIQUE INDEX [alert_events_dedup_uq] ON [alert_events] ([tenant_id],[dedup_key]);