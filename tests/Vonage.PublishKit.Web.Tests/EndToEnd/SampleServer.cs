using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace Vonage.PublishKit.Web.Tests.EndToEnd;

/// <summary>
/// The built sample, run as a real process on a free loopback port, with short timeouts so every case ends quickly:
/// <c>ConnectTimeout</c> and <c>InitializeTimeout</c> 3 s, and one retry.
/// </summary>
public sealed class SampleServer : IAsyncDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private readonly StringBuilder _output = new();
    private Process? _process;

    public string BaseUrl { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        if (_process is not null || BrowserEnvironment.SkipReason is not null)
        {
            return;
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = BrowserEnvironment.SampleDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            BrowserEnvironment.SampleAssembly, "--urls", BaseUrl, "--contentRoot", BrowserEnvironment.SampleDirectory,
            "--PublishKit:ConnectTimeout=00:00:03", "--PublishKit:InitializeTimeout=00:00:03", "--PublishKit:Retry:MaxRetryAttempts=1",
            "--PublishKit:Retry:BaseDelay=00:00:00.100", "--PublishKit:Retry:UseJitter=false",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The sample exited: " + Output);
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + "/lib/opentok/opentok.min.js", bound.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!bound.IsCancellationRequested)
            {
                // One probe timed out.
            }

            bound.Token.ThrowIfCancellationRequested();
            await Task.Delay(200, bound.Token);
        }
    }

    public void WriteOutputTo(ITestOutputHelper output) => output.WriteLine(Output);

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(bound.Token);
            process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
