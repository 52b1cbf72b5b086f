// SPDX-License-Identifier: GPL-3.0-or-later
// ort-run.js MODEL.onnx INPUT.f32 N H W OUTPUT.f32: runs MODEL with onnxruntime-node on N images
// (float32 NCHW, 3 channels) and writes its "logits" as float32.  Prints the output's dims.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
  const [model, input, n, h, w, output] = process.argv.slice(2);
  const dims = [Number(n), 3, Number(h), Number(w)];
  const bytes = fs.readFileSync(input);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const session = await ort.InferenceSession.create(model);
  const result = await session.run({ input: new ort.Tensor('float32', data, dims) });
  const logits = result.logits;
  fs.writeFileSync(output, Buffer.from(logits.data.buffer, logits.data.byteOffset,
                                       logits.data.byteLength));
  console.log(JSON.stringify({ inputs: session.inputNames, outputs: session.outputNames,
                               dims: logits.dims }));
}

main().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
