/**
 * The part of rclnodejs's documented API that Kindred's adapter uses, described here so the adapter
 * type-checks on machines without ROS 2, where rclnodejs (an optional dependency) is not installed.
 *
 * Written against rclnodejs 2.2.0: its `types/index.d.ts`, `node.d.ts`, `publisher.d.ts`,
 * `subscription.d.ts`, `service.d.ts`, `client.d.ts`, `qos.d.ts`, `parameter.d.ts`, `context.d.ts`,
 * `action_server.d.ts` and `action_client.d.ts`. Only members those files declare appear here, with
 * the same names and argument orders; types are narrowed where Kindred passes less (type classes are
 * always the `pkg/msg/Name` string form; messages are plain objects). A new major version of
 * rclnodejs must be checked against this file before `optionalDependencies` is raised.
 *
 * Value conventions of rclnodejs 2.2.0 that the adapter relies on: int64/uint64 fields and INTEGER
 * parameters are `bigint`; numeric arrays other than 64-bit ones arrive as typed arrays (unless
 * `enableTypedArray: false`); `builtin_interfaces/msg/Time` is `{ sec, nanosec }`.
 */

/** A ROS message, service request/response, goal, feedback or result as a plain object. */
export type RclMessage = object;

/** An rcl context (`rclnodejs.Context`): one per adapter, so stopping it touches nothing else. */
export interface RclContext {
  isShutdown(): boolean;
  /** Destroys the context's nodes, then shuts the context down. */
  shutdown(): void;
}

/** `rclnodejs.QoS` instance. The native layer reads `history`, `depth`, `reliability`, `durability`, `liveliness`. */
export interface RclQos {
  history: number;
  depth: number;
  durability: number;
  liveliness: number;
}

/** `rclnodejs.QoS`: `new QoS(history, depth, reliability, durability, liveliness, avoidRosNameSpaceConventions)`. */
export type RclQosClass = new (
  history?: number,
  depth?: number,
  reliability?: number,
  durability?: number,
  liveliness?: number,
  avoidRosNameSpaceConventions?: boolean,
) => RclQos;

/** The `options` argument of `createPublisher` / `createSubscription` / `createService` / `createClient`. */
export interface RclEntityOptions {
  /** Default true: numeric arrays (not 64-bit) arrive as typed arrays. */
  readonly enableTypedArray?: boolean;
  readonly qos?: RclQos | string;
}

/** `rclnodejs.Publisher`. */
export interface RclPublisher {
  readonly topic: string;
  publish(message: RclMessage): void;
  subscriptionCount(): number;
}

/** `rclnodejs.Subscription`. */
export interface RclSubscription {
  readonly topic: string;
  publisherCount(): number;
}

/** `rclnodejs.ServiceResponse`: `send` answers the call. */
export interface RclServiceResponse {
  send(response: RclMessage): void;
}

/**
 * What `createService` returns. rclnodejs 2.2.0 declares it as the service's type (`ServiceType<T>`)
 * although it is the service entity; the adapter only hands it back to `destroyService`.
 */
export type RclService = object;

/** `rclnodejs.Client`. */
export interface RclClient {
  readonly serviceName: string;
  isServiceServerAvailable(): boolean;
  /** Resolves false when no server appears within `timeout` ms. */
  waitForService(timeout?: number): Promise<boolean>;
  /** Rejects with rclnodejs's TimeoutError after `timeout` ms, AbortError when `signal` aborts. */
  sendRequestAsync(request: RclMessage, options?: { readonly timeout?: number; readonly signal?: AbortSignal }): Promise<unknown>;
}

/** `rclnodejs.Parameter`: INTEGER values are bigint, arrays are plain arrays. */
export interface RclParameter {
  readonly name: string;
  readonly type: number;
  value: unknown;
}

/** `rclnodejs.ParameterDescriptor`. */
export interface RclParameterDescriptor {
  readonly name: string;
  readonly type: number;
  readonly description: string;
  readonly readOnly: boolean;
  additionalConstraints: string;
}

/** `rcl_interfaces/msg/SetParametersResult` as the on-set callback returns it. */
export interface RclSetParametersResult {
  successful: boolean;
  reason: string;
}

/** `rclnodejs.Node`. */
export interface RclNode {
  name(): string;
  namespace(): string;
  getFullyQualifiedName(): string;
  /** Starts processing callbacks in the background (rclnodejs's own executor); returns at once. */
  spin(timeout?: number): void;
  stop(): void;
  destroy(): void;
  createPublisher(typeClass: string, topic: string, options?: RclEntityOptions): RclPublisher;
  createSubscription(typeClass: string, topic: string, options: RclEntityOptions, callback: (message: unknown) => void): RclSubscription;
  /** The callback answers through `response.send` (it may do so later, e.g. after an await). */
  createService(typeClass: string, serviceName: string, options: RclEntityOptions, callback: (request: unknown, response: RclServiceResponse) => void): RclService;
  createClient(typeClass: string, serviceName: string, options?: RclEntityOptions): RclClient;
  destroyPublisher(publisher: RclPublisher): void;
  destroySubscription(subscription: RclSubscription): void;
  destroyService(service: RclService): void;
  destroyClient(client: RclClient): void;
  declareParameter(parameter: RclParameter, descriptor?: RclParameterDescriptor, ignoreOverride?: boolean): RclParameter;
  hasParameter(name: string): boolean;
  getParameter(name: string): RclParameter;
  setParameters(parameters: RclParameter[]): RclSetParametersResult[];
  /** Called on every declaration and set, before it is applied; a result with `successful: false` vetoes it. */
  addOnSetParametersCallback(callback: (parameters: RclParameter[]) => RclSetParametersResult): void;
  removeOnSetParametersCallback(callback: (parameters: RclParameter[]) => RclSetParametersResult): void;
  /** Called before validation; returns the (possibly replaced) parameters to set. */
  addPreSetParametersCallback(callback: (parameters: RclParameter[]) => RclParameter[]): void;
  removePreSetParametersCallback(callback: (parameters: RclParameter[]) => RclParameter[]): void;
}

/** `rclnodejs.ServerGoalHandle`. */
export interface RclServerGoalHandle {
  readonly goalId: { readonly uuid: ArrayLike<number> };
  readonly isActive: boolean;
  readonly isCancelRequested: boolean;
  /** Moves the goal to executing and runs the server's execute callback. */
  execute(): void;
  publishFeedback(feedback: RclMessage): void;
  succeed(): void;
  abort(): void;
  /** Only valid once a cancel request was accepted (the goal is canceling). */
  canceled(): void;
}

/** `rclnodejs.ActionServer` (the instance). */
export interface RclActionServer {
  destroy(): void;
}

/** `rclnodejs.ClientGoalHandle`. */
export interface RclClientGoalHandle {
  readonly accepted: boolean;
  readonly status: number;
  isSucceeded(): boolean;
  isCanceled(): boolean;
  isAborted(): boolean;
  cancelGoal(): Promise<unknown>;
  /** Resolves with the result message once the goal ends; `status` is then final. */
  getResult(): Promise<unknown>;
}

/** `rclnodejs.ActionClient` (the instance). */
export interface RclActionClient {
  waitForServer(timeout?: number): Promise<boolean>;
  isActionServerAvailable(): boolean;
  sendGoal(goal: RclMessage, feedbackCallback?: (feedback: unknown) => void): Promise<RclClientGoalHandle>;
  destroy(): void;
}

/** `rclnodejs.GoalResponse` / `rclnodejs.CancelResponse`: REJECT = 1, ACCEPT = 2. */
export interface RclResponseEnum {
  readonly REJECT: number;
  readonly ACCEPT: number;
}

/** `new rclnodejs.ActionServer(node, typeClass, actionName, execute, goal?, handleAccepted?, cancel?, options?)`. */
export type RclActionServerClass<N extends RclNode = RclNode> = new (
  node: N,
  typeClass: string,
  actionName: string,
  executeCallback: (goalHandle: RclServerGoalHandle) => Promise<RclMessage> | RclMessage,
  goalCallback?: (goal: unknown) => number,
  handleAcceptedCallback?: (goalHandle: RclServerGoalHandle) => void,
  cancelCallback?: (goalHandle?: RclServerGoalHandle) => Promise<number> | number,
) => RclActionServer;

/** `new rclnodejs.ActionClient(node, typeClass, actionName, options?)`. */
export type RclActionClientClass<N extends RclNode = RclNode> = new (node: N, typeClass: string, actionName: string) => RclActionClient;

/**
 * The rclnodejs module object (`import rclnodejs from 'rclnodejs'`): only what the adapter uses.
 *
 * `C` and `N` are the context and node classes as rclnodejs declares them; the adapter never looks
 * inside them beyond `RclContext` / `RclNode`, but its constructors take back exactly the objects
 * they made, so a check of rclnodejs's declarations against this interface
 * (`const api: RclApi<Context, Node> = rclnodejs`, see README.md) compares like with like.
 */
export interface RclApi<C extends RclContext = RclContext, N extends RclNode = RclNode> {
  /** Initialise `context` (default: the default context). `argv` carries `--ros-args` (default process.argv). */
  init(context?: C, argv?: string[]): Promise<void>;
  /** `new Context(domainId?)`: a context of one's own, shut down without touching others. */
  readonly Context: new (domainId?: bigint) => C;
  /** `new Node(nodeName, namespace?, context?)`. */
  readonly Node: new (nodeName: string, namespace?: string, context?: C) => N;
  readonly QoS: RclQosClass;
  readonly Parameter: new (name: string, type: number, value?: unknown) => RclParameter;
  readonly ParameterDescriptor: new (name: string, type: number, description?: string, readOnly?: boolean) => RclParameterDescriptor;
  readonly ActionServer: RclActionServerClass<N>;
  readonly ActionClient: RclActionClientClass<N>;
  readonly GoalResponse: RclResponseEnum;
  readonly CancelResponse: RclResponseEnum;
  /** Stop rclnodejs from shutting everything down on SIGINT itself (Kindred shuts down in order). */
  removeSignalHandlers(): void;
}
