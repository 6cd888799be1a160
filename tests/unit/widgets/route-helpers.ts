export { parseRoute } from '../../../widgets/shell/routes.js';
export { safeNext as safeNextRoute } from '../../../widgets/router.js';
