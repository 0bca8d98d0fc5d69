#!/usr/bin/env node
'use strict';
// A reader that stopped reading (`stylegraph validate ... | head`) is not an error of ours: the
// command goes on without printing, and exits with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    stream.write = () => true;
  });
}
require('../out/src/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; });
