/**
 * Kindred's layering (DESIGN.md), checked in `npm run lint`:
 *   runtime/errors, runtime/msgs   base: import nothing of Kindred's but each other
 *   urdf ← motion ← safety ← runtime core (runtime/* except ros/ and cli/)
 *   sim, perception, speech, behaviors, runtime/ros, launch, scenarios, ui sit on top
 *   runtime/cli is the process entry (composition root) and may import anything but ui.
 * Nothing imports ui; only runtime/ros imports rclnodejs or roslib.
 */
const BASE = '^runtime/(errors|msgs)/';
const TOP = '^(sim|perception|speech|behaviors|ui|launch|scenarios|runtime/ros|runtime/cli)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'base-is-a-leaf',
      comment: 'errors and message types are the base every module may use; they import nothing above them',
      severity: 'error',
      from: { path: BASE },
      to: { path: '^(urdf|motion|safety|runtime|sim|perception|speech|behaviors|ui|launch|scenarios)/', pathNot: BASE },
    },
    {
      name: 'urdf-is-the-bottom',
      severity: 'error',
      from: { path: '^urdf/' },
      to: { path: '^(motion|safety|runtime|sim|perception|speech|behaviors|ui|launch|scenarios)/', pathNot: BASE },
    },
    {
      name: 'motion-sits-on-urdf-only',
      severity: 'error',
      from: { path: '^motion/' },
      to: { path: '^(safety|runtime|sim|perception|speech|behaviors|ui|launch|scenarios)/', pathNot: BASE },
    },
    {
      name: 'safety-sits-on-motion-and-urdf-only',
      severity: 'error',
      from: { path: '^safety/' },
      to: { path: '^(runtime|sim|perception|speech|behaviors|ui|launch|scenarios)/', pathNot: BASE },
    },
    {
      name: 'runtime-core-imports-no-upper-layer',
      severity: 'error',
      from: { path: '^runtime/', pathNot: '^runtime/(ros|cli)/' },
      to: { path: TOP },
    },
    {
      name: 'nothing-imports-ui',
      comment: 'the tablet UI is served as files; no module imports it',
      severity: 'error',
      from: { pathNot: '^ui/' },
      to: { path: '^ui/' },
    },
    {
      name: 'only-ros-bridge-imports-ros-clients',
      severity: 'error',
      from: { pathNot: '^runtime/ros/' },
      to: { path: 'node_modules/(rclnodejs|roslib)/' },
    },
    {
      name: 'launch-does-not-import-cli',
      severity: 'error',
      from: { path: '^launch/' },
      to: { path: '^runtime/cli/' },
    },
    {
      name: 'no-dev-deps-in-production-code',
      comment: 'browser code under public/ resolves bare names through the page import map (served by Kindred), not node_modules',
      severity: 'error',
      from: { path: '^(runtime|urdf|motion|safety|sim|perception|speech|behaviors|launch|scenarios)/', pathNot: '(\\.test\\.ts$|/public/)' },
      to: { dependencyTypes: ['npm-dev'], pathNot: 'node_modules/@types/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|^node_modules/|^coverage/|\\.d\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
