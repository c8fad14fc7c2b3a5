using VideoCallApp.Blazor;
using VideoCallApp.Blazor.Components;

var builder = WebApplication.CreateBuilder(args);

// Placeholders stand in for missing credentials, so the page runs (and says so) without a Vonage account.
var vonage = (builder.Configuration.GetSection("Vonage").Get<SampleCredentials>() ?? new SampleCredentials()).WithPlaceholders();
builder.Services.Configure<SampleCredentials>(builder.Configuration.GetSection("Vonage"));

// snippet: web-registration
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddPublishKitWeb(o =>
{
    o.ApiKey = vonage.ApiKey;
    o.SessionId = vonage.SessionId;
    builder.Configuration.GetSection("PublishKitWeb").Bind(o.Adapter);
});

// --PublishKit:ConnectTimeout=00:00:05 --PublishKit:Retry:MaxRetryAttempts=1, and so on.
builder.Services.AddPublishKit(builder.Configuration.GetSection("PublishKit"));
// end-snippet

var app = builder.Build();

app.UseStaticFiles();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
