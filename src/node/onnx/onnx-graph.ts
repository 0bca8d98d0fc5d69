import { onnx } from 'onnx-proto';

type Attribute = number[] | number | string;

/** Values in a file beside the model: its name (relative to the model's folder), and where in it. */
export interface ExternalValues {
  readonly location: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * Builds an ONNX model (opset 17) node by node and encodes it with onnx-proto's generated
 * protobuf classes. Image height and width stay symbolic (H, W), so one session serves every size.
 */
export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private count = 0;
  /** Named in each node's name from now on (`phase/Op_n`): what an onnxruntime profile groups by (bench --profile). */
  phase = 'graph';

  /** A graph input of float32 (or `bool`) values; string dimensions are symbolic. */
  input(name: string, dims: readonly (number | string)[], type: 'float' | 'bool' | 'int64' = 'float'): string {
    this.inputs.push(valueInfo(name, dims, type));
    return name;
  }

  output(name: string, type: 'float' | 'bool' | 'int64' = 'float'): void {
    this.outputs.push({ name, type: { tensorType: { elemType: ELEMENT[type] } } });
  }

  constant(name: string, dims: readonly number[], values: Float32Array | BigInt64Array): string {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.initializers.push({ name, dims: [...dims], dataType: values instanceof Float32Array ? ELEMENT.float : ELEMENT.int64, rawData: bytes });
    return name;
  }

  /** A float32 initializer whose values are in a file beside the model (the session reads them there). */
  external(name: string, dims: readonly number[], values: ExternalValues): string {
    const externalData = Object.entries({ location: values.location, offset: String(values.offset), length: String(values.length) }).map(([key, value]) => ({ key, value }));
    this.initializers.push({ name, dims: [...dims], dataType: ELEMENT.float, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData });
    return name;
  }

  /** Adds one node; returns its output names (`outputs` many; the first named `as`, the others `others`' names, where given). */
  node(op: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, outputs = 1, as?: string, others: readonly (string | undefined)[] = []): string[] {
    // Values are named after their phase too: onnxruntime names the nodes it makes (its blocked convolutions) after their outputs.
    const names = Array.from({ length: outputs }, (_, k) => (k === 0 ? as : others[k]) ?? `${this.phase.replace(/ /g, '-')}.${op.toLowerCase()}_${this.count++}`);
    this.nodes.push({ name: `${this.phase}/${op}_${this.count++}`, opType: op, input: [...inputs], output: names, attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)) });
    return names;
  }

  /** One-output node. */
  op(op: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, as?: string): string {
    return this.node(op, inputs, attributes, 1, as)[0]!;
  }

  /** The model's bytes, its nodes in dependency order (a node may be added before the nodes it reads). */
  encode(): Uint8Array {
    const graph: onnx.IGraphProto = { name: 'stylegraph', node: sorted(this.nodes), initializer: this.initializers, input: this.inputs, output: this.outputs };
    return onnx.ModelProto.encode({ irVersion: 8, producerName: 'stylegraph', opsetImport: [{ domain: '', version: 17 }], graph }).finish();
  }
}

const ELEMENT = { float: onnx.TensorProto.DataType.FLOAT, bool: onnx.TensorProto.DataType.BOOL, int64: onnx.TensorProto.DataType.INT64 } as const;

function valueInfo(name: string, dims: readonly (number | string)[], type: keyof typeof ELEMENT): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: ELEMENT[type], shape: { dim } } } };
}

function attribute(name: string, value: Attribute): onnx.IAttributeProto {
  const Type = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: Type.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') return { name, type: Type.INT, i: value };
  return { name, type: Type.INTS, ints: value };
}

/** Nodes in dependency order (ONNX wants each value made before it is read), the order they were added in where free. */
function sorted(nodes: readonly onnx.INodeProto[]): onnx.INodeProto[] {
  const maker = new Map<string, onnx.INodeProto>();
  for (const n of nodes) for (const o of n.output ?? []) maker.set(o, n);
  const done = new Set<onnx.INodeProto>();
  const out: onnx.INodeProto[] = [];
  const visit = (start: onnx.INodeProto) => {
    // Iterative depth-first: VGG's chain is long enough to matter for the call stack in a deep graph.
    const stack: [onnx.INodeProto, number][] = [[start, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [node, k] = top;
      if (done.has(node)) {
        stack.pop();
        continue;
      }
      const inputs = node.input ?? [];
      if (k < inputs.length) {
        top[1]++;
        const dep = maker.get(inputs[k]!);
        if (dep && !done.has(dep)) stack.push([dep, 0]);
        continue;
      }
      done.add(node);
      out.push(node);
      stack.pop();
    }
  };
  nodes.forEach(visit);
  return out;
}
