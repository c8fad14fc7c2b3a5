using System.Threading.Tasks;
using Vonage.PublishKit;

namespace VideoCallApp;

// snippet: call-view-model
/// <summary>The app code under test: shows the end user what happened when publishing.</summary>
public sealed class CallViewModel
{
    private readonly PublishOrchestrator _orchestrator;

    public CallViewModel(PublishOrchestrator orchestrator)
    {
        _orchestrator = orchestrator;
        _orchestrator.NetworkDisconnected += (_, e) => Status = e.UserMessage;
    }

    public string Status { get; private set; } = "Ready";

    public async Task StartAsync(string token)
    {
        try
        {
            var stream = await _orchestrator.PublishAsync(token);
            Status = $"Live: {stream.StreamId}";
        }
        catch (PublishException ex)
        {
            Status = ex.UserMessage;
        }
    }
}
// end-snippet
