// Signs a store image with an originator's private key: the detached signature the upload takes.
//   npx tsx scripts/sign-image.ts <private-key.pem> <image> [out.sig]
// Ed25519 keys sign the image's SHA-256 digest, ECDSA P-256 keys the file with SHA-256 (the same as
// `openssl dgst -sha256 -sign key.pem image | base64`). Writes base64 text to out.sig, else stdout.
import { readFileSync, writeFileSync } from "node:fs";
import { signImage } from "../server/firmware/signature";

const [keyFile, imageFile, outFile] = process.argv.slice(2);
if (!keyFile || !imageFile) {
  process.stderr.write("usage: tsx scripts/sign-image.ts <private-key.pem> <image> [out.sig]\n");
  process.exit(2);
}
try {
  const signature = signImage(readFileSync(keyFile, "utf8"), readFileSync(imageFile)).toString("base64");
  if (outFile) writeFileSync(outFile, signature + "\n");
  else process.stdout.write(signature + "\n");
} catch (error) {
  process.stderr.write(`sign-image: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
