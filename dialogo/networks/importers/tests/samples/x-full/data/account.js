window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "comunicaciones@acueducto-sanroque.example",
      "createdVia" : "web",
      "username" : "AcueductoSR",
      "accountId" : "1400000000000000007",
      "createdAt" : "2016-03-09T15:20:00.000Z",
      "accountDisplayName" : "Acueducto de San Roque"
    }
  }
]
