/**
 * `npm run bench`. The benchmark suite (bundle sizes and init times per handler against the SDK
 * floor, AWS calls per operation, registration burst, aggregation scaling, mailer rate) is not
 * written yet; until it is, this says so instead of printing figures nobody measured.
 */
console.log('Benchmarks: not yet. See the open issue on benchmarks and proofs.');
