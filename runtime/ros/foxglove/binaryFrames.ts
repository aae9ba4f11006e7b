/**
 * The binary frames of the Foxglove WebSocket protocol, as plain functions over bytes: the ones the
 * server writes (message data, time, service call response) and the ones a client sends (client
 * message data, service call request). Integers are little-endian, as the spec says.
 */

/** Opcodes of binary frames the server sends. */
export const ServerBinaryOpcode = { messageData: 1, time: 2, serviceCallResponse: 3 } as const;
/** Opcodes of binary frames a client sends. */
export const ClientBinaryOpcode = { messageData: 1, serviceCallRequest: 2 } as const;

/** Bytes before the payload of a message data frame: opcode, subscription id, receive time. */
export const MESSAGE_DATA_HEADER_BYTES = 1 + 4 + 8;

/**
 * A message data frame (opcode 1): subscription id, receive timestamp in ns, then `payload` (the
 * CDR bytes as the channel advertises them). One fresh buffer, so it can be handed to a socket.
 */
export function messageDataFrame(subscriptionId: number, receiveNs: bigint, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(MESSAGE_DATA_HEADER_BYTES + payload.byteLength);
  frame[0] = ServerBinaryOpcode.messageData;
  frame.writeUInt32LE(subscriptionId, 1);
  frame.writeBigUInt64LE(receiveNs, 5);
  frame.set(payload, MESSAGE_DATA_HEADER_BYTES);
  return frame;
}

/** A time frame (opcode 2): the server's clock in ns (capability `time`). */
export function timeFrame(ns: bigint): Buffer {
  const frame = Buffer.allocUnsafe(9);
  frame[0] = ServerBinaryOpcode.time;
  frame.writeBigUInt64LE(ns, 1);
  return frame;
}

/** A service call response frame (opcode 3), in the encoding the request used. */
export function serviceCallResponseFrame(serviceId: number, callId: number, encoding: string, payload: Uint8Array): Buffer {
  const enc = Buffer.from(encoding, 'utf8');
  const frame = Buffer.allocUnsafe(1 + 4 + 4 + 4 + enc.length + payload.byteLength);
  frame[0] = ServerBinaryOpcode.serviceCallResponse;
  frame.writeUInt32LE(serviceId, 1);
  frame.writeUInt32LE(callId, 5);
  frame.writeUInt32LE(enc.length, 9);
  enc.copy(frame, 13);
  frame.set(payload, 13 + enc.length);
  return frame;
}

/** A client's binary frame, decoded (payloads are views into the frame, not copies). */
export type ClientBinaryFrame =
  | { readonly op: 'messageData'; readonly channelId: number; readonly data: Uint8Array }
  | { readonly op: 'serviceCallRequest'; readonly serviceId: number; readonly callId: number; readonly encoding: string; readonly data: Uint8Array }
  | { readonly op: 'invalid'; readonly problem: string };

/**
 * Decode a binary frame from a client. Never throws: a frame that is empty, too short for its
 * opcode's header, or has an opcode clients do not send comes back as `invalid` with the reason.
 */
export function parseClientBinary(frame: Uint8Array): ClientBinaryFrame {
  if (frame.byteLength === 0) return { op: 'invalid', problem: 'an empty binary frame; expected an opcode byte (1 message data, 2 service call request)' };
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const opcode = frame[0];
  if (opcode === ClientBinaryOpcode.messageData) {
    if (frame.byteLength < 5) return { op: 'invalid', problem: `a client message data frame of ${frame.byteLength} bytes; expected at least 5 (opcode, uint32 channel id)` };
    return { op: 'messageData', channelId: view.getUint32(1, true), data: frame.subarray(5) };
  }
  if (opcode === ClientBinaryOpcode.serviceCallRequest) {
    if (frame.byteLength < 13) {
      return { op: 'invalid', problem: `a service call request frame of ${frame.byteLength} bytes; expected at least 13 (opcode, uint32 service id, call id, encoding length)` };
    }
    const serviceId = view.getUint32(1, true);
    const callId = view.getUint32(5, true);
    const encodingLength = view.getUint32(9, true);
    if (13 + encodingLength > frame.byteLength) {
      return { op: 'invalid', problem: `a service call request (service ${serviceId}, call ${callId}) says its encoding is ${encodingLength} bytes long, but only ${frame.byteLength - 13} bytes follow` };
    }
    const encoding = Buffer.from(frame.buffer, frame.byteOffset + 13, encodingLength).toString('utf8');
    return { op: 'serviceCallRequest', serviceId, callId, encoding, data: frame.subarray(13 + encodingLength) };
  }
  return { op: 'invalid', problem: `unknown binary opcode ${opcode ?? 'none'}; clients send 1 (message data) or 2 (service call request)` };
}
