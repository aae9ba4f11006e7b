/** One .msg file handed to the generator. */
export interface MessageSource {
  /** ROS 2 package, e.g. `sensor_msgs`. */
  readonly pkg: string;
  /** Message name, e.g. `JointState`. */
  readonly name: string;
  /** The file's text. */
  readonly text: string;
  /** Where the text came from, relative to the repository root (for error messages). */
  readonly file: string;
  /**
   * True for upstream rosbag2-style files whose text already holds every dependency after
   * `=====` separators; false for Kindred's own files, which hold only the message itself.
   */
  readonly bundled: boolean;
}
