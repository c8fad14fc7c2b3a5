using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>
/// One case in a fresh Chromium: the switches that produce it, what the Vonage API host answers (every other host but
/// the sample's is aborted), the sample's page, and what it shows. Records every track <c>getUserMedia</c> returned, so a
/// test can check the camera was released.
/// </summary>
internal sealed class BrowserCase : IAsyncDisposable
{
    public const string FakeDevices = "--use-fake-device-for-media-stream";
    public const string FakeUi = "--use-fake-ui-for-media-stream";
    public const string DenyPrompts = "--deny-permission-prompts";

    private const string RecordTracks = """
        (() => {
          const tracks = [];
          window.__publishkitTracks = tracks;
          const devices = navigator.mediaDevices;
          if (!devices || !devices.getUserMedia) return;
          const original = devices.getUserMedia.bind(devices);
          devices.getUserMedia = async constraints => {
            const stream = await original(constraints);
            stream.getTracks().forEach(t => tracks.push(t));
            // A camera that takes this long to start (set by a test), to release it while the SDK still waits for it.
            if (window.__publishkitMediaDelay) {
              await new Promise(resolve => setTimeout(resolve, window.__publishkitMediaDelay));
            }
            return stream;
          };
        })();
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserCase(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public List<string> Requests { get; } = [];

    /// <summary>
    /// Opens the sample in Chromium started with <paramref name="switches"/>; <paramref name="vonage"/> answers the Vonage
    /// API host; <paramref name="initScript"/> runs before the page's scripts; <paramref name="withoutSdk"/> keeps OpenTok.js from loading.
    /// </summary>
    public static async Task<BrowserCase> OpenAsync(SampleServer server, string[] switches, Func<IRoute, Task>? vonage, string? initScript = null, bool withoutSdk = false)
    {
        var playwright = await Playwright.CreateAsync();
        var arguments = new List<string> { "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync" };
        arguments.AddRange(switches);
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = BrowserEnvironment.Chromium, Headless = true, Args = arguments, Timeout = 30_000 });
        var context = await browser.NewContextAsync(new() { Permissions = [] });
        context.SetDefaultTimeout((float)Bound.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var result = new BrowserCase(playwright, browser, page);
        await page.AddInitScriptAsync(RecordTracks);
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }
        await page.RouteAsync(url => !url.StartsWith(server.BaseUrl, StringComparison.Ordinal), async route =>
        {
            var url = new Uri(route.Request.Url);
            lock (result.Requests)
            {
                result.Requests.Add(url.Host + url.AbsolutePath);
            }

            if (url.Host == "anvil.opentok.com" && vonage is not null)
            {
                await vonage(route);
            }
            else
            {
                await route.AbortAsync();
            }
        });
        if (withoutSdk)
        {
            await page.RouteAsync(server.BaseUrl + "/lib/opentok/**", route => route.AbortAsync());
        }

        await page.GotoAsync(server.BaseUrl + "/");
        await page.Locator("#state[data-ready=true]").WaitForAsync();
        return result;
    }

    /// <summary>An init script that makes every camera take <paramref name="milliseconds"/> to start.</summary>
    public static string SlowCamera(int milliseconds) => $"window.__publishkitMediaDelay = {milliseconds};";

    /// <summary>A Vonage API host that never answers: the request stays pending.</summary>
    public static Task NeverAnswer(IRoute route) => Task.CompletedTask;

    /// <summary>An API host that rejects the token, in the reply format read from the SDK's source.</summary>
    public static Task RejectToken(IRoute route) => route.FulfillAsync(new()
    {
        Status = 200,
        ContentType = "application/json",
        Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = "*" },
        Body = """[{"error":{"code":403,"message":"Invalid token"}}]""",
    });

    private async Task<Outcome> PublishAsync(bool withoutConnecting)
    {
        if (withoutConnecting)
        {
            await Page.GetByLabel("Publish without connecting first").CheckAsync();
        }

        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        var status = Page.GetByRole(AriaRole.Status);
        await Page.Locator("[role=status][data-outcome]:not([data-outcome=''])").WaitForAsync();
        return new Outcome(
            await status.GetAttributeAsync("data-outcome") ?? "",
            await status.GetAttributeAsync("data-sdk-error"),
            (await status.InnerTextAsync()).Trim(),
            (await Page.Locator("#details").InnerTextAsync()).Trim(),
            (await Page.Locator("#state").InnerTextAsync()).Trim());
    }

    /// <summary>Publishes, logs the outcome (and the sample's output when it fails), and always saves a screenshot named <paramref name="name"/>.</summary>
    public async Task<Outcome> PublishAsync(string name, SampleServer server, ITestOutputHelper output, bool withoutConnecting = false)
    {
        try
        {
            var outcome = await PublishAsync(withoutConnecting);
            output.WriteLine($"{name}: {outcome}");
            return outcome;
        }
        catch
        {
            server.WriteOutputTo(output);
            throw;
        }
        finally
        {
            await ScreenshotAsync(name);
        }
    }

    /// <summary>Waits until every track the page captured has ended; returns how many there were.</summary>
    public async Task<int> TracksEndedAsync()
    {
        await Page.WaitForFunctionAsync("() => window.__publishkitTracks.every(t => t.readyState === 'ended')");
        return await Page.EvaluateAsync<int>("() => window.__publishkitTracks.length");
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserEnvironment.Screenshots);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserEnvironment.Screenshots, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    /// <summary>What the page shows after a publish.</summary>
    internal sealed record Outcome(string Type, string? SdkError, string Message, string Details, string State);
}
