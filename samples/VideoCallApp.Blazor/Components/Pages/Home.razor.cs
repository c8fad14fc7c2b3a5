using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using VideoCallApp.Blazor.Diagnostics;
using Vonage.PublishKit;
using Vonage.PublishKit.Web;

namespace VideoCallApp.Blazor.Components.Pages;

/// <summary>Publishes with the circuit's orchestrator and shows its state and the user message of every outcome.</summary>
public sealed partial class Home
{
    private ElementReference _preview;
    private PublishOrchestrator? _unconnected;
    private PublishOrchestrator? _active;
    private bool _ready;
    private bool _busy;
    private bool _withoutConnecting;
    private PublishState _state;
    private string? _outcome;
    private string? _sdkError;
    private string? _message;
    private string? _details;

    [Inject]
    private PublishOrchestrator Orchestrator { get; set; } = default!;

    [Inject]
    private WebSession Session { get; set; } = default!;

    [Inject]
    private WebPublisherFactory Factory { get; set; } = default!;

    [Inject]
    private IOptions<SampleCredentials> Credentials { get; set; } = default!;

    [Inject]
    private IOptions<PublishOrchestratorOptions> Options { get; set; } = default!;

    public async ValueTask DisposeAsync()
    {
        Orchestrator.StateChanged -= OnStateChanged;
        Orchestrator.NetworkDisconnected -= OnNetworkDisconnected;
        if (_unconnected is not null)
        {
            await _unconnected.DisposeAsync();
        }
    }

    protected override void OnInitialized()
    {
        _state = Orchestrator.State;
        Orchestrator.StateChanged += OnStateChanged;
        Orchestrator.NetworkDisconnected += OnNetworkDisconnected;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        Factory.TargetElement = _preview;
        if (firstRender)
        {
            _ready = true;
            StateHasChanged();
        }
    }

    private async Task PublishAsync()
    {
        _busy = true;
        _outcome = _sdkError = _message = _details = null;
        _active = _withoutConnecting ? Unconnected() : Orchestrator;
        var token = Credentials.Value.WithPlaceholders().Token!;
        try
        {
            var stream = await _active.PublishAsync(token);
            Show("Published", null, $"You are live (stream {stream.StreamId}).", null);
        }
        catch (PublishException exception)
        {
            Show(exception.GetType().Name, exception.SdkErrorName, exception.UserMessage, exception.Message);
        }
        catch (OperationCanceledException)
        {
            Show("Canceled", null, "Publishing was stopped.", null);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task StopAsync()
    {
        await (_active ?? Orchestrator).UnpublishAsync();
        Show("Stopped", null, "You stopped publishing.", null);
    }

    private PublishOrchestrator Unconnected()
    {
        if (_unconnected is null)
        {
            _unconnected = new PublishOrchestrator(new AssumeConnectedSession(Session), Factory, Options.Value);
            _unconnected.StateChanged += OnStateChanged;
        }

        return _unconnected;
    }

    private void Show(string outcome, string? sdkError, string message, string? details)
    {
        _outcome = outcome;
        _sdkError = sdkError;
        _message = message;
        _details = details;
        _state = (_active ?? Orchestrator).State;
    }

    // snippet: events-blazor
    // Events arrive on the SDK's or the thread pool's thread: InvokeAsync runs the update on the component's context.
    private void OnStateChanged(object? sender, PublishStateChangedEventArgs e) => _ = InvokeAsync(() =>
    {
        _state = e.State;
        StateHasChanged();
    });

    private void OnNetworkDisconnected(object? sender, NetworkDisconnectedEventArgs e) => _ = InvokeAsync(() =>
    {
        Show("NetworkDisconnected", null, e.UserMessage, null);
        StateHasChanged();
    });
    // end-snippet
}
