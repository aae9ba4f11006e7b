import type { CatalogueEntry } from '../CatalogueEntry.js';

/** Error codes raised by Kindred's ROS 2 robot hardware link (runtime/ros/hardware): a robot driven through ROS 2 topics. */
export const rosHardwareErrors = {
  ROS_HW_CONFIG_INVALID: {
    en: 'The ROS 2 robot hardware link is configured wrongly: an unknown key, no joints, a joint named twice, joints with different command interfaces, a command interface a joint does not list, min above max, a state timeout out of range, or a shared buffer that does not match the joints.',
    zh: 'ROS 2 机器人硬件链路配置错误：未知键、没有关节、关节名重复、各关节命令接口不一致、关节未列出所选命令接口、最小值大于最大值、状态超时超出范围，或共享缓冲区与关节不匹配。',
  },
  ROS_HW_STATE_MISSING: {
    en: 'The control loop was started before a sensor_msgs/msg/JointState with every joint had arrived from the robot, so Kindred does not know where the robot is and will not command it.',
    zh: '在机器人发来包含所有关节的 sensor_msgs/msg/JointState 之前就启动了控制回路；Kindred 不知道机器人当前位置，因此不会向其发送命令。',
  },
  ROS_HW_STATE_TIMEOUT: {
    en: 'No complete sensor_msgs/msg/JointState arrived from the robot within the time waited for it.',
    zh: '在等待时间内没有收到机器人发来的完整 sensor_msgs/msg/JointState。',
  },
  ROS_HW_JOINT_STATE_INVALID: {
    en: 'A sensor_msgs/msg/JointState from the robot is malformed (names not strings, a joint named twice, an array whose length is neither 0 nor the number of names); it was ignored.',
    zh: '机器人发来的 sensor_msgs/msg/JointState 格式错误（名称不是字符串、关节名重复、数组长度既不是 0 也不等于名称个数），已忽略。',
  },
} as const satisfies Record<string, CatalogueEntry>;
