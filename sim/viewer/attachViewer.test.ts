import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../runtime/logging/index.js';
import { attachViewer, type AttachedViewer, type ControlResult } from './attachViewer.js';
import { DirectSimView } from './DirectSimView.js';
import { PENDULUM_XML } from './fixtures/pendulum.js';
import type { SimViewSource, ViewFrame, ViewScene } from './SimViewSource.js';

let server: Server;
let viewer: AttachedViewer;
let sim: DirectSimView;
let base: string;
let frameCalls = 0;

beforeAll(async () => {
  sim = await DirectSimView.fromMjcf(PENDULUM_XML, 'fixtures/pendulum.xml', { name: 'pendulum', running: false });
  // Count frame() calls to see the shared frame timer start and stop.
  const counting: SimViewSource = {
    scene: () => sim.scene(),
    frame: () => {
      frameCalls++;
      return sim.frame();
    },
    control: (c) => sim.control(c),
  };
  server = createServer((req, res) => {
    if (!viewer.handleViewerRequest(req, res)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not the viewer');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  viewer = attachViewer(server, counting, { logger: silentLogger(), frameHz: 30 });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await viewer.close();
  await new Promise((resolve) => server.close(resolve));
  sim.close();
});

/** A raw GET (node's http client sends the path exactly as given: no normalisation of `..`). */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path.startsWith('/') ? '' : '/'}`, { method, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('attachViewer: the page and its files, offline', () => {
  it.each([
    ['/sim', 'text/html', /<script type="importmap">/],
    ['/sim/', 'text/html', /暂停 <span lang="en">Pause/],
    ['/sim/viewer.js', 'text/javascript', /from 'socket\.io-client'/],
    ['/sim/sceneBuilder.js', 'text/javascript', /export class SimScene/],
    ['/sim/viewer.css', 'text/css', /#panel/],
    ['/sim/vendor/three/three.module.js', 'text/javascript', /from '\.\/three\.core\.js'/],
    ['/sim/vendor/three/three.core.js', 'text/javascript', /REVISION = '187'/],
    ['/sim/vendor/three/addons/controls/OrbitControls.js', 'text/javascript', /class OrbitControls/],
    ['/sim/socket.io/socket.io.esm.min.js', 'javascript', /export\{/],
  ])('GET %s → 200 %s', async (path, type, content) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.type).toContain(type);
    expect(r.body).toMatch(content);
  });

  it('the import map names only files this server serves (no CDN)', async () => {
    const html = (await get('/sim')).body;
    const map = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}') as { imports: Record<string, string> };
    expect(Object.keys(map.imports).sort()).toEqual(['socket.io-client', 'three', 'three/addons/']);
    for (const target of Object.values(map.imports)) expect(target).toMatch(/^\/sim\//);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it.each(['/sim/nothing.js', '/sim/vendor/three/three.cjs', '/sim/fixtures/pendulum.xml', '/sim/describeScene.ts', '/sim/viewer.js/x'])(
    'GET %s → 404 from the viewer',
    async (path) => {
      const r = await get(path);
      expect(r.status).toBe(404);
      expect(r.body).toContain('找不到');
    },
  );

  it.each([
    '/sim/../package.json',
    '/sim/%2e%2e/package.json',
    '/sim/vendor/three/..%2f..%2f..%2fpackage.json',
    '/sim/vendor/three/../../../package.json',
    '/sim/..%5c..%5cpackage.json',
    '/sim//etc/passwd',
  ])('refuses the traversal %s (never serves a file outside the table)', async (path) => {
    const r = await get(path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('"devDependencies"');
    expect(r.body).not.toContain('root:');
  });

  it('leaves paths outside /sim to the caller and refuses writes', async () => {
    expect((await get('/simulator')).body).toBe('not the viewer');
    expect((await get('/healthz')).body).toBe('not the viewer');
    expect((await get('/sim/viewer.js', 'POST')).status).toBe(405);
  });
});

describe('attachViewer: the socket protocol', () => {
  const sockets: Socket[] = [];
  const open = async (): Promise<{ socket: Socket; scene: Promise<ViewScene>; frames: ViewFrame[] }> => {
    const socket = connect(base, { path: '/sim/socket.io', transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const frames: ViewFrame[] = [];
    const scene = new Promise<ViewScene>((resolve) => socket.once('scene', resolve));
    socket.on('frame', (f: ViewFrame) => frames.push(f));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return { socket, scene, frames };
  };
  const send = (socket: Socket, control: unknown): Promise<ControlResult> =>
    socket.timeout(5000).emitWithAck('control', control) as Promise<ControlResult>;
  const nextFrame = (frames: ViewFrame[]): Promise<ViewFrame> => {
    const n = frames.length;
    return expect.poll(() => frames.length, { timeout: 3000 }).toBeGreaterThan(n).then(() => frames[frames.length - 1] as ViewFrame);
  };

  afterAll(() => {
    for (const s of sockets) s.disconnect();
  });

  it('sends the scene once on connect, then frames at about 30 Hz', async () => {
    const { scene, frames } = await open();
    expect((await scene).bodies.map((b) => b.name)).toEqual(['world', 'arm', 'bob', 'crate']);
    const t0 = performance.now();
    await expect.poll(() => frames.length, { timeout: 5000 }).toBeGreaterThanOrEqual(10);
    const rateHz = (frames.length - 1) / ((performance.now() - t0) / 1000);
    expect(rateHz).toBeGreaterThan(5); // loaded CI machines are slow, but it streams
    expect(rateHz).toBeLessThan(45); // and never faster than asked
    expect(frames[0]?.xpos).toHaveLength(3 * 4);
    expect(frames[0]?.xquat).toHaveLength(4 * 4);
  });

  it('applies controls with an {ok: true} ack and shows their effect in the next frame', async () => {
    const { socket, frames } = await open();
    await nextFrame(frames);
    expect(await send(socket, { op: 'pause' })).toEqual({ ok: true });
    const before = (await nextFrame(frames)).timeS;
    expect(await send(socket, { op: 'step', cycles: 20 })).toEqual({ ok: true });
    expect((await nextFrame(frames)).timeS).toBeCloseTo(before + 20 * sim.timestepS, 12);
    expect(await send(socket, { op: 'setJoint', joint: 'swing', value: -0.5 })).toEqual({ ok: true });
    expect((await nextFrame(frames)).joints[0]).toBe(-0.5);
  });

  it.each([
    ['an unknown op', { op: 'warp' }, 'SIM_VIEWER_CONTROL_INVALID'],
    ['no op at all', 'play', 'SIM_VIEWER_CONTROL_INVALID'],
    ['zero cycles', { op: 'step', cycles: 0 }, 'SIM_VIEWER_CONTROL_INVALID'],
    ['fractional cycles', { op: 'step', cycles: 1.5 }, 'SIM_VIEWER_CONTROL_INVALID'],
    ['a million cycles', { op: 'step', cycles: 1e6 }, 'SIM_VIEWER_CONTROL_INVALID'],
    ['a negative time scale', { op: 'timeScale', value: -1 }, 'SIM_VIEWER_CONTROL_INVALID'],
    ['a string value', { op: 'setJoint', joint: 'swing', value: '0.3' }, 'SIM_VIEWER_CONTROL_INVALID'],
    ['an extra key', { op: 'pause', force: true }, 'SIM_VIEWER_CONTROL_INVALID'],
    ['an unknown joint', { op: 'setJoint', joint: 'elbow', value: 0 }, 'SIM_VIEWER_JOINT_UNKNOWN'],
    ['a joint past its limit', { op: 'setJoint', joint: 'swing', value: 3.5 }, 'SIM_VIEWER_JOINT_OUT_OF_RANGE'],
  ])('answers %s with a coded bilingual refusal and stays connected', async (_what, control, code) => {
    const { socket } = await open();
    const result = await send(socket, control);
    expect(result).toMatchObject({ ok: false, code });
    if (result.ok) return;
    expect(result.en.length).toBeGreaterThan(10);
    expect(result.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(await send(socket, { op: 'pause' })).toEqual({ ok: true });
    expect(socket.connected).toBe(true);
  });

  it('stops asking the simulation for frames when no viewer is connected', async () => {
    const { socket, frames } = await open();
    await nextFrame(frames);
    for (const s of sockets) s.disconnect();
    await expect.poll(() => socket.disconnected).toBe(true);
    await new Promise((r) => setTimeout(r, 200)); // let the server see the disconnects
    const calls = frameCalls;
    await new Promise((r) => setTimeout(r, 300));
    expect(frameCalls).toBe(calls);
    await open();
    await expect.poll(() => frameCalls, { timeout: 3000 }).toBeGreaterThan(calls);
  });
});
