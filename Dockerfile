# Journal API container image. Build from the repo root:  docker build -t journal-api .
# (docker-compose.yml does this and adds PostgreSQL.)

# --- build ---------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Project files first, so the NuGet restore layer stays cached until a project/package changes.
COPY Directory.Build.props Directory.Packages.props Orleans.Journal.sln ./
COPY persistence/Journal.Persistence.csproj persistence/
COPY grain-interfaces/Journal.GrainInterfaces.csproj grain-interfaces/
COPY grains/Journal.Grains.csproj grains/
COPY silo/Journal.Silo.csproj silo/
COPY api/Journal.Api.csproj api/
RUN dotnet restore api/Journal.Api.csproj

COPY persistence/ persistence/
COPY grain-interfaces/ grain-interfaces/
COPY grains/ grains/
COPY silo/ silo/
COPY api/ api/
RUN dotnet publish api/Journal.Api.csproj -c Release -o /app --no-restore

# --- runtime -------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
EXPOSE 8080
# The attachment store's folder, owned by the app user so that a volume mounted on it (docker-compose.yml)
# starts out writable by it.
RUN mkdir -p /var/lib/journal/attachments && chown "$APP_UID" /var/lib/journal/attachments
ENV Attachments__Directory=/var/lib/journal/attachments
# Non-root user that the official .NET images provide.
USER $APP_UID
ENTRYPOINT ["dotnet", "Journal.Api.dll"]
