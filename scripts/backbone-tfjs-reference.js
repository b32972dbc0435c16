#!/usr/bin/env node
// Golden reference outputs of an nsfwjs layers model (MobileNetV2, or InceptionV3 with --model
// inception_v3), computed by the real TF.js runtime (pure-JS CPU backend), for heritage-classify's
// backbone tests (src/test/resources/backbone/tfjs-reference.json and tfjs-reference-inceptionv3.json).
//
// Usage (scripts/convert-backbone.sh --reference does all of this):
//   npm install --prefix target/tfjs-ref @tensorflow/tfjs@4
//   node scripts/backbone-tfjs-reference.js \
//        --nsfwjs target/nsfwjs/package --tfjs target/tfjs-ref \
//        --out heritage-classify/src/test/resources/backbone/tfjs-reference.json \
//        [--model inception_v3] [--raw NAME=FILE.f32 ...]
//
// InceptionV3 runs at 224 x 224, as Heritage's accurate annotators run it (InceptionV3.combinedFeatureGraph):
// the topology's input is declared 224 x 224 and its final 8 x 8 average pooling becomes the 5 x 5 one
// that covers the smaller map, which is what "global average pool" means at that size. Nothing else
// changes; the weights are the package's.
//
// The model is loaded exactly as nsfwjs loads it: its UMD wrappers dist/models/mobilenet_v2/*.min.js
// are evaluated (require), the base64 shard is decoded, and tf.io.fromMemory hands topology, weight
// specs and data to tf.loadLayersModel. TF.js dequantises the uint8 weights itself. This path shares
// no code with the Java converter, so agreement checks both the decoding and the layer mapping.
//
// Inputs: two synthetic 224x224x3 images in [0, 1] defined by formulas that the Java test recomputes
// (see MobileNetV2ReferenceTest.syntheticImage): x is the column, y the row, c the channel; values
// are computed in double precision and stored as float32.
//   gradient:     r = x / 223, g = y / 223, b = (x + y) / 446
//   checkerboard: k = (floor(x / 16) + floor(y / 16)) mod 2;
//                 r = k ? 0.9 : 0.1, g = k ? 0.2 : 0.7, b = ((7x + 3y) mod 64) / 63
// --raw NAME=FILE adds an input read from FILE: 224*224*3 little-endian float32 values, HWC order.
'use strict';
const fs = require('fs');
const path = require('path');

function arg(name, def) {
  const i = process.argv.indexOf('--' + name);
  if (i < 0) {
    if (def === undefined) {
      throw new Error('missing --' + name);
    }
    return def;
  }
  return process.argv[i + 1];
}

function args(name) {
  const out = [];
  process.argv.forEach((a, i) => { if (a === '--' + name) out.push(process.argv[i + 1]); });
  return out;
}

const SIZE = 224;
const CLASSES = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'];

function synthetic(kind) {
  const v = new Float32Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let r; let g; let b;
      if (kind === 'gradient') {
        r = x / 223; g = y / 223; b = (x + y) / 446;
      } else if (kind === 'checkerboard') {
        const k = (Math.floor(x / 16) + Math.floor(y / 16)) % 2;
        r = k ? 0.9 : 0.1; g = k ? 0.2 : 0.7; b = ((7 * x + 3 * y) % 64) / 63;
      } else {
        throw new Error('unknown input ' + kind);
      }
      const o = (y * SIZE + x) * 3;
      v[o] = r; v[o + 1] = g; v[o + 2] = b;
    }
  }
  return v;
}

async function main() {
  const nsfwjsDir = path.resolve(arg('nsfwjs'));
  const tfjsDir = path.resolve(arg('tfjs'));
  const out = path.resolve(arg('out'));
  const tf = require(path.join(tfjsDir, 'node_modules', '@tensorflow', 'tfjs'));
  await tf.setBackend('cpu');
  const which = arg('model', 'mobilenet_v2');
  const modelDir = path.join(nsfwjsDir, 'dist', 'models', which);
  const modelJson = require(path.join(modelDir, 'model.min.js'));
  if (which === 'inception_v3') {
    const layers = modelJson.modelTopology.model_config.config.layers;
    layers[0].config.batch_input_shape = [null, SIZE, SIZE, 3];
    const finalPool = layers.filter((l) => l.class_name === 'AveragePooling2D' && l.config.padding === 'valid');
    if (finalPool.length !== 1) throw new Error('expected one valid average pooling, got ' + finalPool.length);
    finalPool[0].config.pool_size = [5, 5];
    finalPool[0].config.strides = [5, 5];
  } else if (which !== 'mobilenet_v2') {
    throw new Error('unknown --model ' + which);
  }
  const weightSpecs = [];
  const buffers = [];
  for (const group of modelJson.weightsManifest) {
    for (const p of group.paths) {
      const base64 = require(path.join(modelDir, p + '.min.js'));
      buffers.push(Buffer.from(base64, 'base64'));
    }
    weightSpecs.push(...group.weights);
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({modelTopology: modelJson.modelTopology, weightSpecs, weightData}));
  const pool = model.getLayer('flatten_1');
  const both = tf.model({inputs: model.inputs, outputs: [pool.output, model.outputs[0]]});

  const inputs = {gradient: synthetic('gradient'), checkerboard: synthetic('checkerboard')};
  for (const spec of args('raw')) {
    const [name, file] = spec.split('=');
    const b = fs.readFileSync(file);
    if (b.length !== SIZE * SIZE * 3 * 4) {
      throw new Error(file + ': expected ' + SIZE * SIZE * 3 * 4 + ' bytes, got ' + b.length);
    }
    const v = new Float32Array(SIZE * SIZE * 3);
    for (let i = 0; i < v.length; i++) v[i] = b.readFloatLE(4 * i);
    inputs[name] = v;
  }

  const result = {
    description: which === 'mobilenet_v2'
      ? 'TF.js reference outputs of nsfwjs@4.4.0 dist/models/mobilenet_v2 (layers model), made by'
        + ' scripts/backbone-tfjs-reference.js. features: the 1280-d output of average_pooling2d_1/flatten_1;'
        + ' nsfw: the softmax of dense_3, classes in nsfwjs order.'
      : 'TF.js reference outputs of nsfwjs@4.4.0 dist/models/inception_v3 (layers model) run at 224 x 224'
        + ' (input declared 224, final average pooling 5 x 5), made by scripts/backbone-tfjs-reference.js'
        + ' --model inception_v3. features: the 2048-d output of flatten_1; nsfw: the softmax of dense_3.',
    inputDefinitions: {
      gradient: 'x column, y row in 0..223: r = x / 223, g = y / 223, b = (x + y) / 446 (double, stored float32)',
      checkerboard: 'k = (floor(x / 16) + floor(y / 16)) mod 2; r = k ? 0.9 : 0.1, g = k ? 0.2 : 0.7,'
        + ' b = ((7x + 3y) mod 64) / 63',
      scream: 'test resource backbone/munch_the_scream.jpg preprocessed by MobileNetV2.preprocess (Java),'
        + ' passed with --raw',
    },
    tfjsVersion: tf.version.tfjs,
    backend: tf.getBackend(),
    classes: CLASSES,
    inputs: {},
  };
  for (const [name, data] of Object.entries(inputs)) {
    const x = tf.tensor4d(data, [1, SIZE, SIZE, 3], 'float32');
    const [f, p] = both.predict(x);
    const features = Array.from(await f.data());
    const probs = Array.from(await p.data());
    const sum = features.reduce((a, b) => a + b, 0);
    result.inputs[name] = {
      featuresFirst16: features.slice(0, 16),
      featuresSum: sum,
      features: features,
      nsfw: probs,
    };
    console.log(name, 'sum', sum.toFixed(6), 'nsfw', probs.map((v) => v.toFixed(5)).join(' '));
    tf.dispose([x, f, p]);
  }
  fs.mkdirSync(path.dirname(out), {recursive: true});
  // One line per array of numbers keeps the file short and diffs readable.
  const text = JSON.stringify(result, null, 1)
    .replace(/\[\s+([-+\d.eE,\s]+?)\s+\]/g, (m, g) => '[' + g.split(/,\s*/).join(', ') + ']');
  fs.writeFileSync(out, text + '\n');
  console.log('wrote', out);
}

main().catch((e) => { console.error(e); process.exit(1); });
