# One image for the app and the inference sidecar (docker-compose.yml picks the command).
#
# GPU sidecar (see sidecar/README.md "GPU"): build on a CUDA 12 + cuDNN 9 runtime image that has Node 20 and let
# onnxruntime-node fetch its CUDA provider libraries at build time (needs internet):
#   docker build --build-arg NODE_IMAGE=<cuda12-cudnn9 image with node 20> --build-arg ONNXRUNTIME_NODE_INSTALL=cuda12 .
ARG NODE_IMAGE=node:20-bookworm-slim
FROM ${NODE_IMAGE}
ARG ONNXRUNTIME_NODE_INSTALL=skip
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund \
 && if [ "$ONNXRUNTIME_NODE_INSTALL" != "skip" ]; then \
      ONNXRUNTIME_NODE_INSTALL="$ONNXRUNTIME_NODE_INSTALL" node node_modules/onnxruntime-node/script/install.js \
      && ls node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so; \
    fi
COPY . .
RUN npm run build
ENV NODE_ENV=production PORT=3000
EXPOSE 3000 8081
CMD ["npm", "start"]
