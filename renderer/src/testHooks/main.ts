import { mount } from 'svelte';
import App from '../App.svelte';
import { TEST_HOOKS } from '../lib/testHooks.ts';
import { benchHooks } from './benchHooks.ts';

/**
 * The test-hooks entry (test-hooks.html): the app as main.ts mounts it, with the benches'
 * hooks in its context. The web shell serves this page only when started with
 * ACTIONLINE_TEST_HOOKS=1 (test/e2e/helpers/serve.ts does), so the app never loads it.
 */
const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');
export default mount(App, { target, context: new Map([[TEST_HOOKS, benchHooks()]]) });
