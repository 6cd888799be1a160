/** Browser entry: the real fetch and window history go in here, and nowhere else. */
import { render } from 'preact';
import { html } from 'htm/preact';
import { ApiClient } from './api.js';
import { Router } from './router.js';
import { App } from './shell/app.js';

const api = new ApiClient((input, init) => fetch(input, init));
const router = new Router(window);
render(html`<${App} api=${api} router=${router} />`, document.getElementById('app')!);
