'use strict';

// Yoti's official Node SDK (npm `yoti`, pinned in package.json), driven one call at a time by
// tests/integration/test_node_sdk.py: one JSON command per stdin line, one JSON answer per
// stdout line. Every answer is read through the SDK's own response models (their getters),
// so a payload the SDK cannot parse fails here, as it would in a Node backend.
//
// Environment: YOTI_CLIENT_SDK_ID, YOTI_KEY_FILE_PATH, and YOTI_IDV_API_URL (what the Node
// SDK reads for its base URL; it does not read YOTI_DOC_SCAN_API_URL).

const fs = require('fs');
const readline = require('readline');
const util = require('util');

// The SDK logs failed requests with console.log; stdout carries only the answers.
console.log = (...args) => process.stderr.write(`${util.format(...args)}\n`);
const {
  IDVClient,
  SessionSpecificationBuilder,
  RequestedLivenessCheckBuilder,
  RequestedFaceComparisonCheckBuilder,
  SdkConfigBuilder,
  CreateFaceCaptureResourcePayloadBuilder,
  UploadFaceCaptureImagePayloadBuilder,
} = require('yoti');

const client = new IDVClient(
  process.env.YOTI_CLIENT_SDK_ID,
  fs.readFileSync(process.env.YOTI_KEY_FILE_PATH),
);

function isoOrNull(date) {
  return date ? date.toISOString() : null;
}

function mediaId(holder) {
  const media = holder && holder.getMedia ? holder.getMedia() : null;
  return media ? media.getId() : null;
}

function recommendationOf(check) {
  const report = check.getReport();
  const recommendation = report ? report.getRecommendation() : null;
  return recommendation ? recommendation.getValue() : null;
}

const operations = {
  async createSession({ maxRetries }) {
    const spec = new SessionSpecificationBuilder()
      .withClientSessionTokenTtl(900)
      .withResourcesTtl(90000)
      .withUserTrackingId('node-sdk-user')
      .withRequestedCheck(
        new RequestedLivenessCheckBuilder().forStaticLiveness().withMaxRetries(maxRetries).build(),
      )
      .withRequestedCheck(new RequestedFaceComparisonCheckBuilder().withManualCheckNever().build())
      .withSdkConfig(
        new SdkConfigBuilder()
          .withAllowsCameraAndUpload()
          .withPresetIssuingCountry('GBR')
          .withSuccessUrl('/success')
          .withErrorUrl('/error')
          .build(),
      )
      .build();
    const created = await client.createSession(spec);
    return {
      session_id: created.getSessionId(),
      client_session_token: created.getClientSessionToken(),
      client_session_token_ttl: created.getClientSessionTokenTtl(),
    };
  },

  async getSessionConfiguration({ sessionId }) {
    const configuration = await client.getSessionConfiguration(sessionId);
    const capture = configuration.getCapture();
    return {
      session_id: configuration.getSessionId(),
      client_session_token_ttl: configuration.getClientSessionTokenTtl(),
      face_capture_requirements: capture.getFaceCaptureResourceRequirements().map((r) => r.getId()),
      liveness_requirements: capture.getLivenessResourceRequirements().map((r) => r.getState()),
    };
  },

  async createFaceCaptureResource({ sessionId, requirementId }) {
    const payload = new CreateFaceCaptureResourcePayloadBuilder()
      .withRequirementId(requirementId)
      .build();
    const resource = await client.createFaceCaptureResource(sessionId, payload);
    return { id: resource.getId(), frames: resource.getFrames() };
  },

  async uploadFaceCaptureImage({ sessionId, resourceId, kind, imageBase64 }) {
    const builder = new UploadFaceCaptureImagePayloadBuilder();
    // forJpegImage() labels the part image/jpg: the only JPEG option Node's SDK has.
    (kind === 'jpeg' ? builder.forJpegImage() : builder.forPngImage())
      .withImageContents(Buffer.from(imageBase64, 'base64'));
    await client.uploadFaceCaptureImage(sessionId, resourceId, builder.build());
    return {};
  },

  async getSessionTrackedDevices({ sessionId }) {
    const devices = await client.getSessionTrackedDevices(sessionId);
    return devices.getDeviceEvents().map((event) => {
      const device = event.getDevice();
      return {
        event: event.getEvent(),
        created: isoOrNull(event.getCreated()),
        device: {
          ip_address: device.getIpAddress(),
          ip_iso_country_code: device.getIpISOCountryCode(),
          manufacture_name: device.getManufactureName(),
          model_name: device.getModelName(),
          os_name: device.getOSName(),
          os_version: device.getOSVersion(),
          browser_name: device.getBrowserName(),
          browser_version: device.getBrowserVersion(),
          locale: device.getLocale(),
          client_version: device.getClientVersion(),
        },
      };
    });
  },

  async deleteSessionTrackedDevices({ sessionId }) {
    await client.deleteSessionTrackedDevices(sessionId);
    return {};
  },

  async getSession({ sessionId }) {
    const session = await client.getSession(sessionId);
    const resources = session.getResources();
    return {
      session_id: session.getSessionId(),
      state: session.getState(),
      user_tracking_id: session.getUserTrackingId(),
      biometric_consent: isoOrNull(session.getBiometricConsentTimestamp()),
      checks: session.getChecks().map((check) => ({
        type: check.getType(),
        state: check.getState(),
        recommendation: recommendationOf(check),
      })),
      liveness_recommendations: session.getLivenessChecks().map(recommendationOf),
      face_comparison_recommendations: session.getFaceComparisonChecks().map(recommendationOf),
      static_liveness: resources.getStaticLivenessResources().map((resource) => ({
        id: resource.getId(),
        liveness_type: resource.getLivenessType(),
        // Node's static liveness image is the media itself (no holder around it).
        media_id: resource.getImage() ? resource.getImage().getId() : null,
      })),
      face_capture: resources.getFaceCaptureResources().map((resource) => ({
        id: resource.getId(),
        media_id: mediaId(resource.getImage()),
      })),
    };
  },

  async getMediaContent({ sessionId, mediaId: id }) {
    const media = await client.getMediaContent(sessionId, id);
    if (!media) return null;
    const content = media.getContent();
    return { mime_type: media.getMimeType(), base64: content.toString('base64') };
  },

  async deleteMediaContent({ sessionId, mediaId: id }) {
    await client.deleteMediaContent(sessionId, id);
    return {};
  },

  async getSupportedDocuments({ includeNonLatin }) {
    const response = await client.getSupportedDocuments(includeNonLatin);
    return response.getSupportedCountries().map((country) => ({
      code: country.getCode(),
      documents: country.getSupportedDocuments().map((d) => d.getType()),
    }));
  },

  async deleteSession({ sessionId }) {
    await client.deleteSession(sessionId);
    return {};
  },
};

async function answer(line) {
  const { op, args } = JSON.parse(line);
  try {
    const result = await operations[op](args || {});
    return { ok: true, result };
  } catch (error) {
    return {
      ok: false,
      error: `${error.name}: ${error.message}`,
      status: error.getResponseStatusCode ? error.getResponseStatusCode() : null,
    };
  }
}

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    process.stdout.write(`${JSON.stringify(await answer(line))}\n`);
  });
});
