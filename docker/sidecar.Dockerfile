# Inference sidecar image (CPU). Build from the repository root:
#   docker build -f docker/sidecar.Dockerfile -t almanac-sidecar .
#   docker run -p 127.0.0.1:8081:8081 -e SIDECAR_TOKEN=<16+ random characters> -v $PWD/.data/models:/app/.data/models almanac-sidecar
# SIDECAR_TOKEN is required (NODE_ENV=production, listening on 0.0.0.0); the app sends the same value.
# For an NVIDIA GPU see sidecar/README.md ("GPU"): same image steps on a CUDA 12 + cuDNN 9 runtime base, with
# ONNXRUNTIME_NODE_INSTALL=cuda12 so onnxruntime-node's install script fetches its CUDA provider libraries.
ARG NODE_IMAGE=node:20-bookworm-slim
FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
# The repository's .npmrc skips onnxruntime-node's CUDA download; the CPU binaries ship inside the npm package.
# tsx is a runtime dependency (it runs sidecar/main.ts with the "@/..." path alias from tsconfig.json).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
ARG ONNXRUNTIME_NODE_INSTALL=skip
RUN if [ "$ONNXRUNTIME_NODE_INSTALL" != "skip" ]; then \
      ONNXRUNTIME_NODE_INSTALL=$ONNXRUNTIME_NODE_INSTALL node node_modules/onnxruntime-node/script/install.js; \
    fi
COPY tsconfig.json ./
COPY ml ./ml
COPY server ./server
COPY sidecar ./sidecar
RUN mkdir -p /app/.data/models && chown -R node /app/.data
ENV SIDECAR_HOST=0.0.0.0 SIDECAR_PORT=8081 ORT_EXECUTION_PROVIDERS=cuda,cpu ARTIFACT_DIR=/app/.data/models
EXPOSE 8081
USER node
CMD ["node", "--import", "tsx", "sidecar/main.ts"]
