/** The few types the proof test needs from @apigrate/autotask-restapi (it ships none). */
declare module '@apigrate/autotask-restapi' {
  export class AutotaskRestApi {
    constructor(user: string, secret: string, integrationCode: string, options?: { base_url?: string; version?: string });
  }
  export class AutotaskApiError extends Error {
    status: number;
    details: unknown;
  }
}
