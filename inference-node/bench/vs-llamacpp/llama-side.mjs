// llama.cpp's side of the head-to-head benchmark (VsLlamaCpp): node-llama-cpp's prebuilt
// llama.cpp, CPU only. Reads one JSON command a line on stdin, answers one JSON line on stdout.
//   {"op":"load","file":F}                        -> {"ok":true,"loadMs":n,"backend":...}
//   {"op":"measure","threads":t,"prompt128":[..],"prompt512":[..],"decodePrompt":[..],"generate":n,"batch":[[..],..]}
//                                                 -> {"ok":true,"prefill128":tok/s,...}
//   {"op":"tokenize","texts":[..]}                -> {"ok":true,"tokens":[[..],..],"texts":[..]}
//   {"op":"greedy","prompts":[[..],..],"generate":n} -> {"ok":true,"tokens":[[..],..]}
// Any failure answers {"ok":false,"error":message}; the driver then prints no ratio for it.
import {getLlama} from "node-llama-cpp";
import readline from "node:readline";

// llama.cpp's own lines about which CPU backend it loaded and where it put the weights (AMX, repacked,
// mapped) are kept for the report; its errors go to stderr.
const backendLines = [];
const logger = (level, message) => {
    if (/loaded CPU backend|model buffer size/.test(message)) backendLines.push(message.trim());
    else if (level === "error" || level === "fatal") process.stderr.write(message);
};
const llama = await getLlama({gpu: false, build: "never", maxThreads: 0, logLevel: "info", logger});
let model = null;

const now = () => performance.now();

async function load({file}) {
    if (model) {
        await model.dispose();
        model = null;
    }
    const start = now();
    const before = backendLines.length;
    model = await llama.loadModel({modelPath: file, gpuLayers: 0});
    const backend = backendLines.filter((line, i) => i >= before || /loaded CPU backend/.test(line));
    return {loadMs: now() - start, backend: [...new Set(backend)].join("; ")};
}

async function withContext(options, body) {
    const context = await model.createContext(options);
    try {
        return await body(context);
    } finally {
        await context.dispose();
    }
}

/** Greedy generation of `count` tokens after `prompt`; the times each token came out at. */
async function generate(sequence, prompt, count) {
    const times = [];
    const tokens = [];
    for await (const token of sequence.evaluate(prompt, {temperature: 0, yieldEogToken: true})) {
        times.push(now());
        tokens.push(token);
        if (tokens.length === count) break;
    }
    return {times, tokens};
}

async function measure({threads, prompt128, prompt512, decodePrompt, generate: count, batch}) {
    const out = {};
    await withContext({contextSize: 1024, batchSize: 512, threads, sequences: 1}, async context => {
        const sequence = context.getSequence();
        await sequence.evaluateWithoutGeneratingNewTokens(prompt128.slice(0, 16)); // warm-up
        for (const [name, prompt] of [["prefill128", prompt128], ["prefill512", prompt512]]) {
            await sequence.clearHistory();
            const start = now();
            await sequence.evaluateWithoutGeneratingNewTokens(prompt);
            out[name] = prompt.length / ((now() - start) / 1000);
        }
        await sequence.clearHistory();
        const start = now();
        const {times} = await generate(sequence, decodePrompt, count);
        out.ttftMs = times[0] - start;
        out.decode = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
        out.generated = times.length;
    });
    if (batch && batch.length > 0) {
        await withContext({contextSize: 256 + 16, batchSize: 512, threads, sequences: batch.length}, async context => {
            const sequences = batch.map(() => context.getSequence());
            const start = now();
            const runs = await Promise.all(sequences.map((s, i) => generate(s, batch[i], count)));
            const seconds = (now() - start) / 1000;
            const generated = runs.reduce((n, r) => n + r.tokens.length, 0);
            out.batched = generated / seconds;
            out.batchedGenerated = generated;
        });
    }
    return out;
}

async function tokenize({texts}) {
    const tokens = texts.map(t => Array.from(model.tokenize(t, true)));
    return {tokens, texts: tokens.map(ts => model.detokenize(ts, true))};
}

async function greedy({prompts, generate: count}) {
    // F32 keys and values and no flash attention: the forward pass in full precision, as ours runs it.
    return await withContext({contextSize: 512, batchSize: 512, threads: 2, sequences: 1, flashAttention: false,
        experimentalKvCacheKeyType: "F32", experimentalKvCacheValueType: "F32"}, async context => {
        const sequence = context.getSequence();
        const all = [];
        for (const prompt of prompts) {
            await sequence.clearHistory();
            all.push((await generate(sequence, prompt, count)).tokens);
        }
        return {tokens: all};
    });
}

const ops = {load, measure, tokenize, greedy};
const lines = readline.createInterface({input: process.stdin});
for await (const line of lines) {
    if (!line.trim()) continue;
    let answer;
    try {
        const command = JSON.parse(line);
        const op = ops[command.op];
        if (!op) throw new Error("unknown op " + command.op);
        answer = {ok: true, ...(await op(command))};
    } catch (e) {
        answer = {ok: false, error: String(e && e.message ? e.message : e)};
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
}
if (model) await model.dispose();
