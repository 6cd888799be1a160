/** The stand-in APS controller of demo mode, in front of an app built from `services`. */
import { createApp } from '../../../server/app.js';
import { DEMO_INSTANCE_ID, startDemoController } from '../../../server/embed/demo-hosts/controller.js';
import type { Services } from '../../../server/services.js';

export const INSTANCE_ID = DEMO_INSTANCE_ID;

export async function startApsEndpoint(services: Services) {
  const app = createApp(services);
  const controller = await startDemoController(services, app.fetch);
  return { ...controller, app };
}
