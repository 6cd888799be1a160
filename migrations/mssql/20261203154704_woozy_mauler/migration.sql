ALTER TABLE [tenants] ADD [currency] nvarchar(8) NOT NULL CONSTRAINT [tenants_currency_default] DEFAULT ('USD');--> statement-breakpoint
ALTER TABLE [tenants] ADD [locale] nvarchar(35) NOT NULL CONSTRAINT [tenants_locale_default] DEFAULT ('en-US');--> statement-breakpoint
ALTER TABLE [adjustments] ADD [date_rule] nvarchar(16);