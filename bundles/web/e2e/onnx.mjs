// A real (tiny) ONNX model for browser tests, without ONNX libraries: the protobuf written by hand. The registry loads
// every upload in ONNX Runtime, so a test that registers a model needs one it can load.

function varint(value) {
  const bytes = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return Buffer.from(bytes);
}

const key = (field, wire) => varint((field << 3) | wire);
/** An integer field (wire type 0). */
const int = (field, value) => Buffer.concat([key(field, 0), varint(value)]);
/** A string, bytes or message field (wire type 2). */
function bytes(field, value) {
  const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.concat(value);
  return Buffer.concat([key(field, 2), varint(data.length), data]);
}

const FLOAT = 1;
const ATTRIBUTE_INT = 2;

/** ValueInfoProto of a float tensor; a string dimension is symbolic (dim_param), a number fixed (dim_value). */
function floatTensor(name, dims) {
  const shape = dims.map((d) => bytes(1, [typeof d === 'string' ? bytes(2, d) : int(1, d)]));
  return [bytes(1, name), bytes(2, [bytes(1, [int(1, FLOAT), bytes(2, shape)])])];
}

/**
 * A feature extractor as the image-classification solution takes one: input "input", float [batch, channels, height,
 * width] (NCHW), flattened into the output "embedding", [batch, channels × height × width]. IR version 8, operator set 13.
 */
export function flattenBackbone(width, height, channels) {
  const node = [bytes(1, 'input'), bytes(2, 'embedding'), bytes(3, 'flatten'), bytes(4, 'Flatten'),
    bytes(5, [bytes(1, 'axis'), int(3, 1), int(20, ATTRIBUTE_INT)])];
  const graph = [bytes(1, node), bytes(2, 'flatten_backbone'),
    bytes(11, floatTensor('input', ['batch', channels, height, width])),
    bytes(12, floatTensor('embedding', ['batch', channels * height * width]))];
  return Buffer.concat([int(1, 8), bytes(2, 'modelfleet-e2e'), bytes(7, graph), bytes(8, [bytes(1, ''), int(2, 13)])]);
}
