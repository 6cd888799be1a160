/** Demo mode's stand-in APS controller never replaces a deployment's own controller pin (APS_* variables). */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { startDemoController } from '../../../server/embed/demo-hosts/controller.js';
import { createTestServices } from '../../helpers/services.js';

describe('stand-in APS controller', () => {
  it('refuses to start when the deployment pins its own controller, and leaves the pin as it was', async () => {
    const { services } = await createTestServices();
    const pin = { controllerCertSha256: 'ab'.repeat(32), instanceId: 'real-instance', controllerUri: 'https://poa.example:6308/' };
    services.config.aps = { ...pin };
    await expect(startDemoController(services, createApp(services).fetch)).rejects.toMatchObject({ status: 409 });
    expect(services.config.aps).toEqual(pin);
  });
});
