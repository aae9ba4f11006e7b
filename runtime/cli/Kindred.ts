import { toLoopConfig, type ValidatedLaunch } from '../../launch/index.js';
import { Bus } from '../bus/index.js';
import { mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { HttpServer, mountParameterApi, sendJson } from '../http/index.js';
import { mountSafetyApi } from './safetyApi.js';
import { mountIntentApi } from './intentApi.js';
import { PATIENT_CONTACT_TOPIC, patientContactMessage } from '../../behaviors/transfer/patientContact.js';
import { LifecycleComponent, LifecycleManager } from '../lifecycle/index.js';
import type { Logger } from '../logging/index.js';
import { jointStateMessage, loopDiagnostics, loopStatisticsMessage, LoopHost } from '../loop/index.js';
import type { MessageTypeMap } from '../msgs/index.js';
import { ParameterStore } from '../params/index.js';
import { SimClock, WallClock, type Clock } from '../time/index.js';
import { hriMessagesFromPerson, personGroundTruthFromSignals } from '../../sim/humans/index.js';
import { loadHumanProfile } from '../../sim/profiles/index.js';
import { PatientSignalGenerator } from '../../sim/humans/patientSignals.js';
import { stampFromNs } from '../msgs/index.js';
import { SafetyLog, type PreviousSession } from '../../safety/log/index.js';
import { beginSafetySession, endSafetySession, UNCLEAN_SHUTDOWN_SOURCE, UNCLEAN_SHUTDOWN_STOP_TIME_S, type SafetySession } from './safetySession.js';
import { safetyStateMessage, supervisorDefaults, type SupervisorConfigInput, type SupervisorProfile } from '../../safety/supervisor/index.js';
import { COMPANION_ROBOT_START } from '../../sim/scenes/index.js';
import { SIM_SCENES } from '../../launch/index.js';
import { createViewSource, prepareSim, type PreparedSim } from '../../sim/SimHost.js';
import { attachViewer, type AttachedViewer } from '../../sim/viewer/index.js';
import { loadUrdfFile, shippedRobots, type ShippedRobotName } from '../../urdf/index.js';
import { kindredCdr } from '../ros/cdr/index.js';
import { McapRecorder } from '../ros/mcap/index.js';
import { ActionRegistry, RosbridgeServer, ServiceRegistry } from '../ros/rosbridge/index.js';
import { loadRclnodejs, reasonText, RclnodejsAdapter, requireRclnodejs } from '../ros/rclnodejs/index.js';
import { RobotTransforms } from '../ros/tf/index.js';
import { commandTopicName, mountCommandTopics } from './commandTopics.js';
import { RosbridgeClient, RosBridgeMapping } from '../ros/client/index.js';
import { FoxgloveServer } from '../ros/foxglove/index.js';
import { connectRosHardwareBus, forwardCommandTopic, jointTrajectoryTopic, prepareRosHardware } from '../ros/hardware/index.js';
import type { PluginHardwareSpec } from '../control/index.js';
import { KindredError } from '../errors/index.js';
import { registerKindredServices } from './kindredServices.js';

export interface KindredOptions {
  readonly logger: Logger;
  /** Overrides the launch file's HTTP port (`--port`, `KINDRED_PORT`). */
  readonly port?: number;
  /**
   * Where durable records live (the safety event log under `safety-log/`). The CLI passes
   * KINDRED_DATA_DIR or ~/.kindred; without it (embedded use, most tests) no safety log is kept.
   */
  readonly dataDir?: string;
  /** The launch file's path, recorded in the safety log's session markers (else the launch's name is). */
  readonly launchFile?: string;
  /** Override the bridges' ports (`--rosbridge-port`, `--foxglove-port`; 0 = any free port, as tests use). */
  readonly bridgePorts?: { readonly rosbridge?: number; readonly foxglove?: number };
  /** The environment the bridges read their tokens from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const periodNs = (hz: number): bigint => BigInt(Math.round(1e9 / hz));
/** Where the tablet, voice intents and bridges ask for an emergency stop (std_msgs/String: the source). */
export const ESTOP_TOPIC = '/safety/estop_request';
/** The simulated person's ground-truth topics (ROS4HRI-style), published at this rate. */
const GROUND_TRUTH_PERIOD_NS = 100_000_000n;
const PERSON_SIGNALS = ['person/x', 'person/y', 'person/yaw', 'person/posture', 'person/face_visible', 'person/head_height'] as const;

/**
 * A running Kindred: the real-time loop, the bus, the publishers that mirror the loop onto the bus,
 * and the HTTP server, each a managed lifecycle component brought up in that order and shut down in
 * reverse.
 */
export class Kindred {
  readonly bus = new Bus<MessageTypeMap>();
  /**
   * Wall time for a real-time loop; simulated time in lock-step, where the loop and every timer on
   * the bus advance together, as fast as the machine allows.
   */
  readonly clock: Clock;
  private lockstepRunning = false;
  private lockstepDone: Promise<void> | undefined;
  /** Live parameters, served at /api/parameters; each change is validated and applied atomically. */
  readonly parameters: ParameterStore;
  private loopHost: LoopHost | undefined;
  private sim: PreparedSim | undefined;
  /** The durable safety event log (present when a data directory is configured). */
  safetyLog: SafetyLog | undefined;
  private viewer: AttachedViewer | undefined;
  private readonly http: HttpServer;
  private readonly lifecycle = new LifecycleManager();
  private boundPort = 0;
  /** The rosbridge v2 server, when the launch file enables it. */
  rosbridge: RosbridgeServer | undefined;
  /**
   * Kindred's services and actions, offered alike by every bridge (rosbridge, Foxglove, rclnodejs):
   * the e-stop service, and later the behaviours' actions.
   */
  readonly services: ServiceRegistry;
  readonly actions = new ActionRegistry();
  /** The Foxglove WebSocket server (Foxglove, Lichtblick), when the launch file enables it. */
  foxglove: FoxgloveServer | undefined;
  /** The client of another system's rosbridge_server (`bridges.rosbridgeClient`). */
  rosbridgeClient: RosbridgeClient | undefined;
  /** The native ROS 2 node, when ROS 2 is sourced (`services.rclnodejs`). */
  rclnodejs: RclnodejsAdapter | undefined;
  private recorder: McapRecorder | undefined;
  /** The file this run is being recorded to (`record.enabled`). */
  recordingPath: string | undefined;
  private stopping: Promise<void> | undefined;
  /** This run's session in the safety log (its `startup` marker written), until the `shutdown` marker closes it. */
  private safetySession: SafetySession | undefined;
  /** What the `shutdown` marker will name as the reason for the stop. */
  private shutdownReason = 'stop';
  /** This run began in a protective stop after an unclean end, and no reset has been accepted since. */
  private uncleanStopPending = false;

  private constructor(
    readonly launch: ValidatedLaunch,
    private readonly options: KindredOptions,
  ) {
    this.clock = launch.loop.mode === 'lockstep' ? new SimClock() : new WallClock();
    this.http = new HttpServer(options.logger.child({ module: 'http' }));
    this.services = new ServiceRegistry(this.clock, 5000);
    this.parameters = new ParameterStore({ onListenerError: (name, e) => options.logger.error({ err: e, parameter: name }, 'parameter listener failed') });
  }

  static async start(launch: ValidatedLaunch, options: KindredOptions): Promise<Kindred> {
    const k = new Kindred(launch, options);
    k.assemble();
    const result = await k.lifecycle.bringUp();
    if (!result.ok) {
      k.shutdownReason = 'start_failed';
      await k.lifecycle.shutDown();
      // A component that failed to configure is not shut down by the manager: stop the loop and end
      // the session here, so a start that failed in order is not taken for a crash next time.
      await k.loopHost?.stop();
      k.closeSafetyLog();
      const cause = result.failure.cause;
      throw cause instanceof Error ? cause : new Error(`${result.failure.component} failed to ${result.failure.transition}`);
    }
    return k;
  }

  get loop(): LoopHost {
    if (this.loopHost === undefined) throw new Error('control loop not configured');
    return this.loopHost;
  }

  get url(): string {
    return `http://${this.launch.services.http.host === '0.0.0.0' ? 'localhost' : this.launch.services.http.host}:${this.boundPort}`;
  }

  /** The 3-D viewer's address, when the simulator and its viewer run. */
  get viewerUrl(): string | undefined {
    return this.viewer === undefined ? undefined : `${this.url}/sim`;
  }

  /** One line per running bridge and recording, in both languages, for the start-up banner. */
  bridgeSummary(): string[] {
    const lines: string[] = [];
    if (this.rosbridge?.url !== undefined) lines.push(`rosbridge v2 (roslib, ROS web tools) / rosbridge 桥接: ${this.rosbridge.url}`);
    if (this.foxglove?.url !== undefined) lines.push(`Foxglove / Lichtblick (Foxglove WebSocket) / 可视化: ${this.foxglove.url}`);
    if (this.rosbridgeClient !== undefined) lines.push(`rosbridge client / rosbridge 客户端: ${this.launch.bridges.rosbridgeClient.url ?? ''} (${this.rosbridgeClient.state})`);
    if (this.rclnodejs !== undefined) lines.push(`Native ROS 2 node (rclnodejs) / 原生 ROS 2 节点: ${this.launch.services.rclnodejs.nodeName}`);
    if (this.recordingPath !== undefined) lines.push(`Recording / 正在录制: ${this.recordingPath}`);
    return lines;
  }

  /** JSON body of GET /healthz. */
  health(): unknown {
    const components = this.lifecycle.states();
    const stats = this.loopHost?.stats();
    const healthy = components.every((c) => c.state === 'active') && stats?.status === 'running';
    return {
      status: healthy ? 'ok' : 'degraded',
      name: this.launch.name,
      robot: this.launch.robot.name,
      components,
      loop: stats && {
        mode: stats.mode,
        status: stats.status,
        rateHz: stats.rateHz,
        achievedRateHz: Math.round(stats.achievedRateHz * 100) / 100,
        cycles: stats.cycles,
        overruns: stats.overruns,
        missedCycles: stats.missedCycles,
        mainThreadStalls: stats.mainThreadStalls,
        latenessUs: stats.latenessUs,
        execUs: stats.execUs,
      },
      controllers: this.loopHost?.controllers() ?? [],
      safety: this.loopHost && {
        state: this.loopHost.safetyStatus().state,
        stopCategory: this.loopHost.safetyStatus().stopCategory,
        // How the run before this one ended (from the safety log): why a fresh start may be in a stop.
        ...(this.safetySession === undefined ? {} : { previousRun: this.safetySession.previous.status }),
      },
      ...(this.sim === undefined ? {} : { sim: { scene: this.sim.summary.id, title: this.sim.summary.title, people: this.sim.summary.people, viewer: this.viewer !== undefined } }),
    };
  }

  /**
   * How the previous run ended, from the safety log as this start found it (undefined without a data
   * directory). Unless it ended in order, this run started in a protective stop (`unclean_shutdown`).
   */
  get previousSession(): PreviousSession | undefined {
    return this.safetySession?.previous;
  }

  /**
   * Orderly shutdown: HTTP closed, publishers stopped, controllers deactivated, hardware holding, a
   * `shutdown` marker (naming `reason`: the signal, or `stop`) as the safety log's last record, logs flushed.
   */
  stop(reason = 'stop'): Promise<void> {
    this.stopping ??= (async () => {
      this.shutdownReason = reason;
      const result = await this.lifecycle.shutDown();
      for (const f of result.failures) this.options.logger.error({ failure: f }, 'component failed to shut down');
      this.options.logger.flush();
    })();
    return this.stopping;
  }

  /** Write the `shutdown` marker (when a session began) and close the safety log. Idempotent. */
  private closeSafetyLog(): void {
    const safetyLog = this.safetyLog;
    if (safetyLog === undefined) return;
    this.safetyLog = undefined;
    const pending = this.loopHost === undefined ? 0 : this.loopHost.safetyStatus().lastEventSeq - this.loopHost.safetyStatus().loggedSeq;
    if (pending > 0) this.options.logger.error({ pending }, 'safety log: events of this run could not be written before shutdown');
    endSafetySession(
      safetyLog,
      this.safetySession,
      { ...this.sessionLaunch(), timeNs: this.clock.now(), reason: this.shutdownReason, uncleanStopPending: this.uncleanStopPending },
      this.options.logger,
    );
  }

  private sessionLaunch(): { launchName: string; launchFile?: string } {
    return { launchName: this.launch.name, ...(this.options.launchFile === undefined ? {} : { launchFile: this.options.launchFile }) };
  }

  /**
   * The supervisor's configuration: the shipped defaults for the robot when its own sensors are there
   * (simulated hardware of a shipped robot), the generic set for mock hardware and for a ROS 2 robot
   * (whose force and redundant-encoder sensors are not bridged yet: only its joint states are).
   */
  private supervisorConfig(): SupervisorConfigInput {
    const hw = this.launch.hardware;
    const profile: SupervisorProfile =
      hw.type !== 'sim' ? 'generic' : ({ kindred_exo: 'exo', kindred_transfer: 'transfer', kindred_companion: 'companion' } as const)[SIM_SCENES[hw.scene]];
    const base =
      profile === 'companion'
        ? supervisorDefaults(profile, { baseXM: COMPANION_ROBOT_START.x, baseYM: COMPANION_ROBOT_START.y }) // the person is in world coordinates
        : supervisorDefaults(profile);
    // Without a durable log there is nothing to wait for before a reset.
    return this.safetyLog === undefined ? { ...base, reset: { ...base.reset, requireLoggedEvents: false } } : base;
  }

  /**
   * Lock-step: run the loop in batches of 10 ms of simulated time, advancing the sim clock (and so the
   * bus timers) to match after each batch, yielding to the event loop in between so HTTP, the viewer
   * and behaviours keep running.
   */
  private async runLockstep(): Promise<void> {
    const clock = this.clock as SimClock;
    const rate = this.launch.loop.rateHz;
    const batch = Math.max(1, Math.round(rate / 100));
    const periodNs = BigInt(Math.round(1e9 / rate));
    this.lockstepRunning = true;
    while (this.lockstepRunning) {
      await this.loop.step(batch);
      clock.advance(periodNs * BigInt(batch));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * The robot description behind /tf: the launch's `safety.description` file, else the shipped
   * robot of that name; undefined (no /tf) for a robot Kindred has no description of.
   */
  private robotTransforms(): RobotTransforms | undefined {
    const file = this.launch.safety?.description.file ?? (this.launch.robot.name in shippedRobots ? shippedRobots[this.launch.robot.name as ShippedRobotName] : undefined);
    if (file === undefined) {
      this.options.logger.info({ robot: this.launch.robot.name }, 'no robot description: /tf is not published');
      return undefined;
    }
    return new RobotTransforms(loadUrdfFile(file, { args: this.launch.safety?.description.args ?? {} }));
  }

  /**
   * A real robot under ROS 2 (`hardware.type: ros2`): connect to its rosbridge_server, bring its joint
   * states onto the bus as `/robot/joint_states` and send the SafetyGate's output (the link's bus topic
   * `/robot/<controller>/…`) to its controller — the one mapping allowed to reach a command topic,
   * because what it carries has passed the gate. Waits for the robot's first complete state, so the
   * loop's hold starts where the robot is. Returns the plugin spec for the loop.
   */
  private async connectRos2Robot(hw: Extract<ValidatedLaunch['hardware'], { type: 'ros2' }>): Promise<PluginHardwareSpec> {
    const log = this.options.logger.child({ module: 'ros2_robot' });
    const { spec, link } = prepareRosHardware({
      name: 'robot',
      joints: hw.joints,
      commandInterface: hw.commandInterface,
      stateInterfaces: hw.stateInterfaces,
      stateTimeoutMs: hw.stateTimeoutMs,
    });
    const commandType = hw.controller.type === 'forward_command' ? 'std_msgs/msg/Float64MultiArray' : 'trajectory_msgs/msg/JointTrajectory';
    const rosCommandTopic = hw.controller.type === 'forward_command' ? forwardCommandTopic(hw.controller.name) : jointTrajectoryTopic(hw.controller.name);
    const busCommandTopic = `/robot${rosCommandTopic}`;
    const connection = connectRosHardwareBus(link, this.bus, {
      stateTopic: '/robot/joint_states',
      controller: { type: hw.controller.type, name: hw.controller.name, topic: busCommandTopic },
      rateHz: hw.commandRateHz,
      logger: log,
    });
    const token = hw.tokenEnv === undefined ? undefined : this.bridgeToken(hw.tokenEnv);
    // Wall-clock back-off and timeouts, whatever the bus clock: the robot's network runs in real time.
    const client = new RosbridgeClient({ url: hw.url, ...(token === undefined ? {} : { token }), logger: log });
    const mapping = new RosBridgeMapping({
      client,
      bus: this.bus,
      config: {
        topicsIn: [{ ros: hw.jointStates, type: 'sensor_msgs/msg/JointState', bus: '/robot/joint_states' }],
        topicsOut: [{ bus: busCommandTopic, ros: rosCommandTopic, type: commandType, gated: true }],
      },
      allowGated: true,
      commandTopics: this.launch.controllers.map((c) => commandTopicName(c.name)),
      logger: log,
    });
    this.closeRos2Robot = async () => {
      this.closeRos2Robot = undefined;
      connection.close();
      // Let the final hold go out before the bridge closes.
      await new Promise<void>((resolve) => setTimeout(resolve, 50));
      mapping.stop();
      await client.close();
    };
    try {
      mapping.start();
      await Promise.race([
        client.connect(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new KindredError('ROS_HW_STATE_MISSING', `no rosbridge_server answering at ${hw.url} within ${hw.waitForStateMs} ms; expected the robot's bridge to be running`, { field: 'hardware.url', value: hw.url })), hw.waitForStateMs)),
      ]);
      await link.waitForState(hw.waitForStateMs);
    } catch (e) {
      await this.closeRos2Robot();
      throw e;
    }
    log.info({ url: hw.url, joints: hw.joints.length, commands: rosCommandTopic }, 'connected to the ROS 2 robot');
    return spec;
  }

  /** Closes the ROS 2 robot's link and bridge (set while one is connected). */
  private closeRos2Robot: (() => Promise<void>) | undefined;

  /** A bridge's token from the environment variable the launch file names (unset or empty: none). */
  private bridgeToken(variable: string): string | undefined {
    const value = (this.options.env ?? process.env)[variable];
    return value === undefined || value === '' ? undefined : value;
  }

  private assemble(): void {
    const log = this.options.logger;
    this.lifecycle.add(
      new LifecycleComponent('control_loop', {
        onConfigure: async () => {
          if (this.options.dataDir !== undefined && this.safetyLog === undefined) {
            // Opened before anything can move, closed after everything has stopped; problems found
            // in older records are reported, never a reason not to record new events.
            this.safetyLog = SafetyLog.open(join(this.options.dataDir, 'safety-log'));
            // A brand-new log has no files yet: that is not a problem with an earlier record.
            for (const p of this.safetyLog.openReport.problems) {
              if (p.code !== 'SAFETY_LOG_NO_FILES') log.warn({ problem: p }, 'safety log: problem found in an earlier record');
            }
            if (this.safetyLog.recoveredTornTail !== null) log.warn({ tornTail: this.safetyLog.recoveredTornTail }, 'safety log: a record torn by a crash was found and recorded');
            // The startup marker is durable before the loop starts, so a crash from here on is seen
            // as one by the next start.
            this.safetySession = beginSafetySession(this.safetyLog, this.sessionLaunch(), this.clock.now(), log);
            this.uncleanStopPending = this.safetySession.protectiveStop;
          }
          const hw = this.launch.hardware;
          if (hw.type === 'sim') {
            this.sim = await prepareSim({
              scene: hw.scene,
              seed: hw.seed,
              rateHz: this.launch.loop.rateHz,
              name: 'sim',
              watchdogTimeoutMs: hw.watchdogTimeoutMs,
              ...(hw.sensors === 'ideal' ? { sensors: { ideal: true } } : {}),
              ...(hw.profile === undefined ? {} : { profiles: [loadHumanProfile(hw.profile)] }),
            });
          }
          const robot = hw.type === 'ros2' ? await this.connectRos2Robot(hw) : undefined;
          const loopConfig = { ...toLoopConfig(this.launch, this.sim?.spec ?? robot), supervisor: this.supervisorConfig() };
          this.loopHost = await LoopHost.start(loopConfig, log.child({ module: 'loop' }));
          const safetyLog = this.safetyLog;
          // Every supervisor event is appended (and fsynced) before the worker counts it as logged;
          // a reset that would clear a fault is refused until its events are in the log.
          if (safetyLog !== undefined) this.loopHost.useSafetyLog((e) => Promise.resolve(safetyLog.append(e)));
          // After a crash, kill or power cut, nobody knows what happened to the robot or the person in
          // it: latch a protective stop before anything else (HTTP, behaviours, the bus) can command
          // motion. The stop holds every controller; only an authorised reset lets it move again.
          if (this.safetySession?.protectiveStop === true) {
            // An accepted reset clears every latched fault, this stop included; until then a restart
            // (even an orderly one) comes back in the same stop.
            this.loopHost.onSafetyEvent((e) => {
              if (e.kind === 'reset') this.uncleanStopPending = false;
            });
            await this.loopHost.requestStop(2, UNCLEAN_SHUTDOWN_STOP_TIME_S, UNCLEAN_SHUTDOWN_SOURCE);
          }
          return 'success' as const;
        },
        onActivate: () => {
          if (this.launch.loop.mode === 'lockstep') this.lockstepDone = this.runLockstep();
          return 'success' as const;
        },
        onDeactivate: async () => {
          this.lockstepRunning = false;
          await this.lockstepDone;
          await this.loopHost?.hold('shutting down');
          return 'success' as const;
        },
        onShutdown: async () => {
          await this.loopHost?.stop();
          // After the loop has stopped: the robot link sends its final hold, then the bridge closes.
          await this.closeRos2Robot?.();
          // Events the worker flushed as it stopped are appended in the same turn they arrive; let
          // that finish, then the shutdown marker is the log's last record.
          await new Promise<void>((resolve) => setImmediate(resolve));
          this.closeSafetyLog();
          return 'success' as const;
        },
        onCleanup: async () => {
          await this.loopHost?.stop();
          await this.closeRos2Robot?.();
          return 'success' as const;
        },
      }),
    );

    const jointStatesHz = this.parameters.declare('state_publisher.joint_states_hz', {
      schema: z.number().min(1).max(250),
      default: 50,
      description: 'rate of /joint_states in Hz / 关节状态发布频率 (Hz)',
    });
    const diagnosticsHz = this.parameters.declare('state_publisher.diagnostics_hz', {
      schema: z.number().min(0.1).max(10),
      default: 1,
      description: 'rate of /diagnostics and /kindred/loop_statistics in Hz / 诊断发布频率 (Hz)',
    });
    this.parameters.declare('logging.level', {
      schema: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
      default: log.level as 'info',
      description: 'log level / 日志级别',
    });
    this.parameters.onChange('logging.level', (_n, v) => (log.level = v as string));

    const timers = new Map<string, { cancel(): void }>();
    const unsubscribe: (() => void)[] = [];
    const unsubscribeCommands: (() => void)[] = [];
    this.lifecycle.add(
      new LifecycleComponent('state_publisher', {
        onActivate: () => {
          const joints = this.bus.advertise('/joint_states', 'sensor_msgs/msg/JointState');
          const diagnostics = this.bus.advertise('/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray');
          const loopStats = this.bus.advertise('/kindred/loop_statistics', 'kindred_msgs/msg/LoopStatistics', { durability: 'transient_local', depth: 1 });
          const startJoints = (): void => {
            timers.get('joints')?.cancel();
            timers.set(
              'joints',
              this.clock.setTimer(periodNs(jointStatesHz.get()), (now) => joints.publish(jointStateMessage(this.loop.stateNames, this.loop.latest(), now))),
            );
          };
          const startDiagnostics = (): void => {
            timers.get('diagnostics')?.cancel();
            timers.set(
              'diagnostics',
              this.clock.setTimer(periodNs(diagnosticsHz.get()), (now) => {
                const stats = this.loop.stats();
                diagnostics.publish(loopDiagnostics(stats, now));
                loopStats.publish(loopStatisticsMessage(stats, now));
              }),
            );
          };
          startJoints();
          startDiagnostics();
          // /tf and /tf_static as robot_state_publisher publishes them, at the joint-state rate.
          const transforms = this.robotTransforms();
          if (transforms !== undefined) {
            const tfStatic = this.bus.advertise('/tf_static', 'tf2_msgs/msg/TFMessage', { durability: 'transient_local', depth: 1 });
            tfStatic.publish(transforms.staticTransforms(this.clock.now()));
            const tf = this.bus.advertise('/tf', 'tf2_msgs/msg/TFMessage');
            const positionIndex = new Map(this.loop.stateNames.map((n, i) => [n, i] as const));
            const startTf = (): void => {
              timers.get('tf')?.cancel();
              timers.set(
                'tf',
                this.clock.setTimer(periodNs(jointStatesHz.get()), (now) => {
                  const state = this.loop.latest().state;
                  tf.publish(transforms.transforms((joint) => state[positionIndex.get(`${joint}/position`) ?? -1], now));
                }),
              );
            };
            startTf();
            unsubscribe.push(this.parameters.onChange(jointStatesHz.name, startTf));
          }
          // The supervisor's state on every change and at 1 Hz, latched for late joiners.
          const safetyState = this.bus.advertise('/safety/state', 'kindred_msgs/msg/SafetyState', { durability: 'transient_local', depth: 1 });
          const publishSafety = (): void => safetyState.publish(safetyStateMessage(this.loop.safetyStatus(), this.clock.now()));
          publishSafety();
          this.loop.onSafetyEvent(() => {
            if (timers.has('safety')) publishSafety();
          });
          timers.set('safety', this.clock.setTimer(1_000_000_000n, publishSafety));
          // E-stop requests on the bus: the tablet's stop button, a voice "stop"/"停" intent and the
          // bridges publish the requesting source's name here; each is an e-stop, never refused.
          const estops = this.bus.subscribe(ESTOP_TOPIC, 'std_msgs/msg/String', (m) => {
            const source = /^[a-z_]{1,32}$/.test(m.data) ? m.data : 'bus';
            this.loop.estop(source).catch((e: unknown) => log.error({ err: e, source }, 'e-stop request failed'));
          });
          unsubscribe.push(() => estops.unsubscribe());
          // A live rate change restarts the timer at the new period.
          unsubscribe.push(this.parameters.onChange(jointStatesHz.name, startJoints), this.parameters.onChange(diagnosticsHz.name, startDiagnostics));
          return 'success' as const;
        },
        onDeactivate: () => {
          for (const u of unsubscribe.splice(0)) u();
          for (const t of timers.values()) t.cancel();
          timers.clear();
          return 'success' as const;
        },
      }),
    );

    // In simulation, the person at home is published where perception will publish later (REP-155
    // topics), labelled as the simulator's ground truth (frame sim_world, source sim_ground_truth).
    if (this.launch.hardware.type === 'sim' && this.launch.hardware.scene === 'companion_home') {
      let timer: { cancel(): void } | undefined;
      this.lifecycle.add(
        new LifecycleComponent('sim_ground_truth', {
          onActivate: () => {
            const index = PERSON_SIGNALS.map((n) => this.loop.stateNames.indexOf(n));
            if (index.some((i) => i < 0)) return 'success' as const; // no person in this run (withPeople: false)
            const publishers = new Map<string, { publish(m: never): void }>();
            const values = new Float64Array(PERSON_SIGNALS.length);
            timer = this.clock.setTimer(GROUND_TRUTH_PERIOD_NS, (now) => {
              const state = this.loop.latest().state;
              index.forEach((i, k) => (values[k] = state[i]!));
              for (const m of hriMessagesFromPerson(personGroundTruthFromSignals(values), now)) {
                let pub = publishers.get(m.topic);
                if (pub === undefined) {
                  pub = this.bus.advertise(m.topic, m.type) as { publish(m: never): void };
                  publishers.set(m.topic, pub);
                }
                pub.publish(m.message as never);
              }
            });
            return 'success' as const;
          },
          onDeactivate: () => {
            timer?.cancel();
            return 'success' as const;
          },
        }),
      );
    }

    // ros2_control's forward command topics: /<controller>/commands (std_msgs/Float64MultiArray) for
    // each forward_command controller. Whoever publishes there (a behaviour, a bridge client allowed to),
    // the values become set-points and pass the SafetyGate in the worker like every command.
    this.lifecycle.add(
      new LifecycleComponent('command_topics', {
        onActivate: () => {
          unsubscribeCommands.push(mountCommandTopics(this.bus, this.loop, this.launch.controllers, log.child({ module: 'command_topics' })));
          unsubscribeCommands.push(registerKindredServices(this.services, () => this.loop));
          return 'success' as const;
        },
        onDeactivate: () => {
          for (const u of unsubscribeCommands.splice(0)) u();
          return 'success' as const;
        },
      }),
    );

    const record = this.launch.record;
    if (record.enabled) {
      this.lifecycle.add(
        new LifecycleComponent('recorder', {
          onActivate: async () => {
            const directory = isAbsolute(record.directory) ? record.directory : join(this.options.dataDir ?? process.cwd(), record.directory);
            mkdirSync(directory, { recursive: true });
            const path = join(directory, `${this.launch.name}_${new Date().toISOString().replace(/[:.]/g, '-')}.mcap`);
            this.recorder = await McapRecorder.start({
              bus: this.bus,
              clock: this.clock,
              output: path,
              compression: record.compression,
              ...(record.topics === undefined ? {} : { topics: record.topics }),
              onError: (e) => log.warn({ err: e }, 'recorder'),
            });
            this.recordingPath = path;
            log.info({ path }, 'recording the bus to MCAP');
            return 'success' as const;
          },
          onDeactivate: async () => {
            const summary = await this.recorder?.stop();
            this.recorder = undefined;
            if (summary !== undefined) log.info({ path: summary.path, messages: summary.messageCount, dropped: summary.droppedCount }, 'recording closed');
            return 'success' as const;
          },
        }),
      );
    }

    const rosbridgeConfig = this.launch.services.rosbridge;
    if (rosbridgeConfig.enabled) {
      this.lifecycle.add(
        new LifecycleComponent('rosbridge', {
          onConfigure: () => {
            const token = this.bridgeToken(rosbridgeConfig.tokenEnv);
            this.rosbridge = new RosbridgeServer({
              bus: this.bus,
              parameters: this.parameters,
              clock: this.clock,
              logger: log.child({ module: 'rosbridge' }),
              cdr: kindredCdr,
              host: rosbridgeConfig.host,
              port: this.options.bridgePorts?.rosbridge ?? rosbridgeConfig.port,
              allowPublish: rosbridgeConfig.allowPublish,
              services: this.services,
              actions: this.actions,
              ...(token === undefined ? {} : { token }),
            });
            return 'success' as const;
          },
          onActivate: async () => {
            const rosbridge = this.rosbridge!;
            await rosbridge.start();
            log.info({ url: rosbridge.url, allowPublish: rosbridgeConfig.allowPublish }, 'rosbridge v2 server listening');
            return 'success' as const;
          },
          onDeactivate: async () => {
            await this.rosbridge?.stop();
            return 'success' as const;
          },
        }),
      );
    }

    const foxgloveConfig = this.launch.services.foxglove;
    if (foxgloveConfig.enabled) {
      this.lifecycle.add(
        new LifecycleComponent('foxglove', {
          onConfigure: () => {
            const token = this.bridgeToken(foxgloveConfig.tokenEnv);
            this.foxglove = new FoxgloveServer({
              bus: this.bus,
              parameters: this.parameters,
              services: this.services,
              clock: this.clock,
              logger: log.child({ module: 'foxglove' }),
              host: foxgloveConfig.host,
              port: this.options.bridgePorts?.foxglove ?? foxgloveConfig.port,
              allowPublish: foxgloveConfig.allowPublish,
              name: this.launch.name,
              ...(token === undefined ? {} : { token }),
            });
            return 'success' as const;
          },
          onActivate: async () => {
            await this.foxglove!.start();
            log.info({ url: this.foxglove!.url, allowPublish: foxgloveConfig.allowPublish }, 'Foxglove WebSocket server listening');
            return 'success' as const;
          },
          onDeactivate: async () => {
            await this.foxglove?.stop();
            return 'success' as const;
          },
        }),
      );
    }

    const clientConfig = this.launch.bridges.rosbridgeClient;
    if (clientConfig.enabled) {
      let mapping: RosBridgeMapping | undefined;
      this.lifecycle.add(
        new LifecycleComponent('rosbridge_client', {
          onConfigure: () => {
            const { enabled: _enabled, url, tokenEnv, topicsIn, topicsOut, servicesIn, servicesOut, actions, ...clientOptions } = clientConfig;
            const token = tokenEnv === undefined ? undefined : this.bridgeToken(tokenEnv);
            // Wall-clock back-off and timeouts even in lock-step: the other system runs in real time.
            this.rosbridgeClient = new RosbridgeClient({ ...clientOptions, url: url!, ...(token === undefined ? {} : { token }), logger: log.child({ module: 'rosbridge_client' }) });
            // Launch-file mappings may never feed a command topic that has not passed the SafetyGate.
            mapping = new RosBridgeMapping({
              client: this.rosbridgeClient,
              bus: this.bus,
              config: { topicsIn, topicsOut, servicesIn, servicesOut, actions },
              commandTopics: this.launch.controllers.map((c) => commandTopicName(c.name)),
              logger: log.child({ module: 'rosbridge_client' }),
            });
            return 'success' as const;
          },
          onActivate: () => {
            mapping!.start();
            // A robot still booting is retried with back-off rather than failing the start.
            this.rosbridgeClient!.connect().catch((e: unknown) => log.warn({ err: e }, 'rosbridge client stopped connecting'));
            return 'success' as const;
          },
          onDeactivate: async () => {
            mapping?.stop();
            await this.rosbridgeClient?.close();
            return 'success' as const;
          },
        }),
      );
    }

    const { enabled: rclEnabled, ...rclConfig } = this.launch.services.rclnodejs;
    if (rclEnabled !== false) {
      this.lifecycle.add(
        new LifecycleComponent('rclnodejs', {
          onActivate: async () => {
            const env = this.options.env ?? process.env;
            let rcl;
            if (rclEnabled === true) rcl = await requireRclnodejs(env);
            else {
              const load = await loadRclnodejs(env);
              if (!load.available) {
                log.info({ cause: load.cause }, `native ROS 2 not started: ${reasonText(load.reason)}`);
                return 'success' as const;
              }
              rcl = load.rcl;
            }
            this.rclnodejs = new RclnodejsAdapter(rcl);
            await this.rclnodejs.start({ ...rclConfig, bus: this.bus, parameters: this.parameters, services: this.services, actions: this.actions, logger: log.child({ module: 'rclnodejs' }) });
            log.info({ node: rclConfig.nodeName }, 'native ROS 2 node started (rclnodejs)');
            return 'success' as const;
          },
          onDeactivate: async () => {
            await this.rclnodejs?.stop();
            this.rclnodejs = undefined;
            return 'success' as const;
          },
        }),
      );
    }

    // The simulated exoskeleton patient's pain and fatigue, driven by the profile's `signals` section,
    // on the topic perception will publish later (kindred_msgs/PatientSignal).
    const hwSim = this.launch.hardware;
    if (hwSim.type === 'sim' && hwSim.profile !== undefined) {
      const profile = loadHumanProfile(hwSim.profile);
      if (profile.kind === 'patient_profile' && profile.signals !== undefined) {
        const generator = new PatientSignalGenerator(profile.signals);
        let timer: { cancel(): void } | undefined;
        this.lifecycle.add(
          new LifecycleComponent('sim_patient_signals', {
            onActivate: () => {
              const signals = this.bus.advertise('/humans/patient_signals', 'kindred_msgs/msg/PatientSignal');
              const effortIndex = this.loop.stateNames.flatMap((n, i) => (n.endsWith('/effort') ? [i] : []));
              const efforts = new Float64Array(effortIndex.length);
              const periodNs = 100_000_000n;
              const start = this.clock.now();
              timer = this.clock.setTimer(periodNs, (now) => {
                const state = this.loop.latest().state;
                effortIndex.forEach((i, k) => (efforts[k] = state[i] ?? 0));
                generator.addEffort(efforts, Number(periodNs) / 1e9);
                for (const sig of generator.due(Number(now - start) / 1e9)) {
                  signals.publish({ header: { stamp: stampFromNs(now), frame_id: '' }, person_id: sig.personId, kind: sig.kind, level: sig.level, source: sig.source });
                }
              });
              return 'success' as const;
            },
            onDeactivate: () => {
              timer?.cancel();
              return 'success' as const;
            },
          }),
        );
      }
    }

    // In the transfer scene, the lying patient's per-region contact forces (the simulator's ground
    // truth, where a pressure mat or the robot's own skin will publish later) at 25 Hz.
    if (this.launch.hardware.type === 'sim' && this.launch.hardware.scene === 'transfer_bed') {
      let timer: { cancel(): void } | undefined;
      this.lifecycle.add(
        new LifecycleComponent('sim_patient_contact', {
          onActivate: () => {
            const contact = this.bus.advertise(PATIENT_CONTACT_TOPIC, 'kindred_msgs/msg/PatientContact');
            timer = this.clock.setTimer(40_000_000n, (now) => {
              const m = patientContactMessage(this.loop.stateNames, this.loop.latest().state, now);
              if (m !== undefined) contact.publish(m);
            });
            return 'success' as const;
          },
          onDeactivate: () => {
            timer?.cancel();
            return 'success' as const;
          },
        }),
      );
    }

    const httpConfig = this.launch.services.http;
    if (httpConfig.enabled) {
      this.http.route('GET', '/healthz', (_req, res) => sendJson(res, 200, this.health()));
      mountParameterApi(this.http, this.parameters);
      mountSafetyApi(this.http, () => this.loop);
      mountIntentApi(this.http, this.bus, this.clock);
      this.lifecycle.add(
        new LifecycleComponent('http', {
          onActivate: async () => {
            const hw = this.launch.hardware;
            if (this.sim !== undefined && hw.type === 'sim' && hw.viewer && this.viewer === undefined) {
              const loop = this.loop;
              // Until the safety supervisor publishes its state, the overlay shows the loop's own: a hold
              // engaged because the main thread stalled is what a developer must see first.
              const source = createViewSource(this.sim.frameBuffer, this.sim.summary, (payload) => loop.hardwareCommand('sim', payload), {
                safety: () => (loop.status === 'running' || loop.status === 'holding' ? (loop.status === 'holding' && loop.safetyStatus().state === 'normal' ? 'holding' : loop.safetyStatus().state) : loop.status),
              });
              const viewer = attachViewer(this.http.server, source, { logger: log, bus: this.bus });
              this.http.mount('/sim', (req, res) => viewer.handleViewerRequest(req, res));
              this.viewer = viewer;
            }
            this.boundPort = await this.http.listen(this.options.port ?? httpConfig.port, httpConfig.host);
            return 'success' as const;
          },
          onDeactivate: async () => {
            await this.viewer?.close();
            await this.http.close();
            return 'success' as const;
          },
        }),
      );
    }
  }
}
