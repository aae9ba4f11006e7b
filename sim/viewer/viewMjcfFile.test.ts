import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/logging/index.js';
import { viewMjcfFile } from './viewMjcfFile.js';

describe('viewMjcfFile: a stand-alone viewer for one MJCF file', () => {
  it('serves the page for the file, runs its physics, and sends other paths to /sim', async () => {
    const file = fileURLToPath(new URL('./fixtures/pendulum.xml', import.meta.url));
    const handle = await viewMjcfFile(file, { port: 0, host: '127.0.0.1', logger: silentLogger() });
    try {
      expect(handle.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sim$/);
      const page = await fetch(handle.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('importmap');
      const root = await fetch(handle.url.replace(/\/sim$/, '/'), { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/sim');
      expect(handle.sim.scene().name).toBe(file);
      await expect.poll(() => handle.sim.frame().timeS, { timeout: 5000 }).toBeGreaterThan(0);
    } finally {
      await handle.close();
    }
  });

  it('names a missing file', async () => {
    await expect(viewMjcfFile('/nonexistent/model.xml', { port: 0, host: '127.0.0.1', logger: silentLogger() })).rejects.toMatchObject({
      code: 'SIM_VIEWER_ASSET_MISSING',
      message: expect.stringContaining('/nonexistent/model.xml') as unknown,
    });
  });
});
