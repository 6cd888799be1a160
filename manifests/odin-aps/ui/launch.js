/*
 * UX1 view "launch" of the customer control panel (APP-META.xml, navigation "ccp"): the guide's
 * "IDSync - AD Cloud Portal" section (Figures 3-2, 3-3): licence (customer, licence number), gateway
 * URL and user, "copy config" and Launch. Unlike the legacy panel it never shows the gateway password
 * (an encrypted APS property, hidden from the UI) and holds no long-lived secret: Launch asks the APS
 * controller for the context's custom operation launchToken (aps/xhr to /aps/2/resources/{id}/...),
 * which the controller forwards to our endpoint with its certificate and the user's APS-Identity-ID;
 * the answer is a 60-second single-use URL opened in the panel's iframe or a new tab.
 * APS JS SDK: docs.cloudblue.com/cbc/sdk/21.0/api/ui/navigation/data (aps.context), .../cp (aps.apsc).
 */
define(["dojo/_base/declare", "aps/View", "aps/xhr"], function (declare, View, xhr) {
  function panelFields(ctx) {
    return [
      { id: "customer", label: "Customer", value: ctx.customerName || "" },
      { id: "licence", label: "Licence number", value: ctx.licenceKey || "" },
      { id: "gatewayUser", label: "Gateway user", value: ctx.gatewayUser || "" },
      { id: "gatewayUrl", label: "Gateway URL", value: ctx.gatewayUrl || "" },
      { id: "username", label: "Username (first sign-in)", value: ctx.adminEmail || "" }
    ];
  }
  function configText(ctx) {
    return panelFields(ctx).map(function (f) { return f.label + ": " + f.value; }).join("\n");
  }
  function launchTokenPath(ctx, screen) {
    return "/aps/2/resources/" + encodeURIComponent(ctx.aps.id) + "/launchToken?screen=" + encodeURIComponent(screen || "/");
  }

  return declare(View, {
    panelFields: panelFields,
    configText: configText,
    launchTokenPath: launchTokenPath,

    init: function () {
      return ["aps/Container", { id: this.genId("page") }, [
        ["aps/FieldSet", { id: this.genId("licence"), title: "IDSync Cloud" }, []],
        ["aps/Button", { id: this.genId("copy"), label: "Copy config", onClick: this.copyConfig.bind(this) }],
        ["aps/Button", { id: this.genId("launch"), label: "Launch IDSync Cloud", onClick: this.launchHere.bind(this) }],
        ["aps/Button", { id: this.genId("launchTab"), label: "Open in a new tab", onClick: this.launchTab.bind(this) }],
        ["aps/Output", { id: this.genId("frameHost"), content: "" }]
      ]];
    },

    onContext: function (context) {
      this.ctx = context.vars.context;
      this.fields = panelFields(this.ctx);
      this.byId("licence").set("content", this.fields.map(function (f) { return f.label + ": " + f.value; }).join("<br>"));
      aps.apsc.hideLoading();
    },

    copyConfig: function () {
      var text = configText(this.ctx);
      return navigator.clipboard.writeText(text).then(function () {
        aps.apsc.displayMessage({ description: "Configuration copied", type: "info" });
      });
    },

    /** Ask the controller for a fresh launch URL; never cached: each is single use and lives 60 s. */
    fetchLaunchUrl: function (screen) {
      return xhr(launchTokenPath(this.ctx, screen), { method: "GET", handleAs: "json" }).then(function (answer) {
        return answer.url;
      });
    },

    launchHere: function () {
      var host = this.byId("frameHost");
      return this.fetchLaunchUrl("/").then(function (url) {
        var frame = document.createElement("iframe");
        frame.src = url;
        frame.title = "IDSync Cloud";
        frame.style.width = "100%";
        frame.style.height = "800px";
        frame.style.border = "0";
        host.domNode.innerHTML = "";
        host.domNode.appendChild(frame);
      });
    },

    launchTab: function () {
      // Open the tab inside the click (popup blockers), then point it at the URL once it arrives.
      var tab = window.open("about:blank", "_blank");
      if (tab) tab.opener = null;
      return this.fetchLaunchUrl("/").then(function (url) {
        if (tab) tab.location.href = url;
      });
    }
  });
});
