# The MeLo.Grid image used by k8s/: `melo silo` and `melo gateway` (and every other melo command).
# GPU backend by default here; build with --build-arg TORCH_BACKEND=cpu for CPU-only nodes.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TORCH_BACKEND=cuda
WORKDIR /src
COPY . .
RUN dotnet publish src/MeLo.Cli -c Release -p:TorchBackend=${TORCH_BACKEND} -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# libtorch needs OpenMP's runtime.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
USER app
ENTRYPOINT ["./melo"]
