using System;
using System.IO;

namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>What the browser tests need on this machine, and why they are skipped when it is missing.</summary>
internal static class BrowserEnvironment
{
    public const string InstallChromium = "apt-get update && apt-get install -y chromium";

    public static readonly string RepositoryRoot = FindRoot();

    public static readonly string Configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static readonly string SampleDirectory = Path.Combine(RepositoryRoot, "samples", "VideoCallApp.Blazor");

    public static readonly string SampleAssembly = Path.Combine(SampleDirectory, "bin", Configuration, "net10.0", "VideoCallApp.Blazor.dll");

    public static readonly string OpenTokJs = Path.Combine(SampleDirectory, "wwwroot", "lib", "opentok", "opentok.min.js");

    /// <summary>Gets Chromium's path: <c>PUBLISHKIT_CHROMIUM</c>, else Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("PUBLISHKIT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Gets where screenshots go: <c>PUBLISHKIT_SCREENSHOTS</c>, else this project's TestResults/screenshots.</summary>
    public static string Screenshots => Environment.GetEnvironmentVariable("PUBLISHKIT_SCREENSHOTS") is { Length: > 0 } path
        ? path
        : Path.Combine(RepositoryRoot, "tests", "Vonage.PublishKit.Web.Tests", "TestResults", "screenshots");

    /// <summary>Gets why the browser tests cannot run here, with the command that fixes it, or <see langword="null"/>.</summary>
    public static string? SkipReason
    {
        get
        {
            if (!File.Exists(Chromium))
            {
                return $"Chromium is not installed at {Chromium}: run `{InstallChromium}` as root (or set PUBLISHKIT_CHROMIUM).";
            }

            if (!File.Exists(OpenTokJs))
            {
                return "OpenTok.js was not restored from npm into samples/VideoCallApp.Blazor/wwwroot/lib/opentok: run "
                    + "`apt-get install -y npm`, then `dotnet build samples/VideoCallApp.Blazor` (it runs `npm ci`).";
            }

            return File.Exists(SampleAssembly) ? null : $"The sample is not built at {SampleAssembly}: run `dotnet build`.";
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vonage.PublishKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Vonage.PublishKit.sln not found above " + AppContext.BaseDirectory);
    }
}
