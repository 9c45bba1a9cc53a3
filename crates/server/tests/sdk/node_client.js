// The unmodified Tencent Cloud Node.js SDK (tencentcloud-sdk-nodejs-intl-en 3.0.x), used as
// its README shows, against `ktpocr serve`. Called by test_tencent_sdks.py with the
// endpoint, the credentials, the signing method ("default" leaves the SDK's own: HmacSHA256)
// and an image; prints the answer, or the error code, as one JSON line.
const fs = require("fs");
const tencentcloud = require("tencentcloud-sdk-nodejs-intl-en");

const OcrClient = tencentcloud.ocr.v20181119.Client;
const models = tencentcloud.ocr.v20181119.Models;
const { Credential, ClientProfile, HttpProfile } = tencentcloud.common;

const [endpoint, secretId, secretKey, signMethod, imagePath] = process.argv.slice(2);

const httpProfile = new HttpProfile();
httpProfile.endpoint = endpoint;
httpProfile.protocol = "http://";
const clientProfile = new ClientProfile();
clientProfile.httpProfile = httpProfile;
if (signMethod !== "default") {
  clientProfile.signMethod = signMethod;
}
const client = new OcrClient(new Credential(secretId, secretKey), "ap-jakarta", clientProfile);

const req = new models.RecognizeIndonesiaIDCardOCRRequest();
req.ImageBase64 = fs.readFileSync(imagePath).toString("base64");
req.Scene = "V2";
client.RecognizeIndonesiaIDCardOCR(req, (err, response) => {
  if (err) {
    console.log(JSON.stringify({ error: err.code || null, message: err.message }));
    return;
  }
  console.log(JSON.stringify({ NIK: response.NIK, Provinsi: response.Provinsi }));
});
