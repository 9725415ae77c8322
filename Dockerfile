# Chirp.Server in a container. Build from the repository root:
#   docker build -t chirp .
#   docker run -p 8080:8080 -v chirp-data:/data -e Chirp__PublicOrigin=https://chirp.example chirp
# Chirp__PublicOrigin is the address clients use: every URL in the API is built on it (without it, on localhost:8080).
# See docs/operations.md ("Deploying") for HTTPS, a TLS proxy and the health probes.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props README.md ./
COPY Chirp.Engine/Chirp.Engine.csproj Chirp.Engine/
COPY Chirp.Server/Chirp.Server.csproj Chirp.Server/
RUN dotnet restore Chirp.Server/Chirp.Server.csproj
COPY Chirp.Engine/ Chirp.Engine/
COPY Chirp.Server/ Chirp.Server/
RUN dotnet publish Chirp.Server/Chirp.Server.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The image's non-root user (uid 1654) owns the data volume; the server keeps it owner-only (0700/0600).
RUN mkdir /data && chown app:app /data && chmod 0700 /data
USER app
VOLUME /data
ENV Chirp__DataDirectory=/data \
    ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# No HEALTHCHECK: the aspnet image has neither curl nor wget. Probe /healthz (liveness) and /readyz (readiness)
# over HTTP from the orchestrator instead.
ENTRYPOINT ["dotnet", "Chirp.Server.dll"]
